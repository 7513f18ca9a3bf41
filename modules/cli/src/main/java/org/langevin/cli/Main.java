package org.langevin.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.langevin.core.ConfigException;
import org.langevin.core.NativeBackend;
import org.langevin.experiment.Home;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.run.LastWords;
import org.langevin.experiment.run.Provenance;
import org.langevin.tracking.Redaction;
import org.langevin.tracking.ServerAnswer;
import org.langevin.tracking.TrackingException;
import org.mlflow.tracking.MlflowHttpException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code langevin} command line. Exit codes: 0 success, 1 the run failed, 2 bad input. */
@Command(name = "langevin", mixinStandardHelpOptions = true, version = "langevin " + Provenance.VERSION,
        description = "Score-based diffusion models: train, sample, evaluate likelihoods, log to MLflow.",
        subcommands = {RunCommand.class, SweepCommand.class, BenchCommand.class, SampleCommand.class, RestoreCommand.class,
                LikelihoodCommand.class, EnergyCommand.class, ReportCommand.class, MlflowCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int BAD_INPUT = 2;
    static final int FAILED = 1;
    /** 128 + SIGTERM: what the shell sees of a process a signal ended. */
    static final int SIGNALLED = 143;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: one of " + spec.subcommands().keySet());
    }

    /** The Langevin checkout (holds ci/mlflow.sh and the embedded server's state). */
    static Path home() {
        return Home.path();
    }

    /**
     * A sweep's child exits when the process that started it is gone (a killed sweep, a lost Spark executor), as if it
     * got SIGTERM: its run ends KILLED with a checkpoint instead of running on unseen beside a retry.
     */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                while (parent.isAlive()) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                System.exit(143);
            }, "exit-with-parent");
            watch.setDaemon(true);
            watch.start();
        });
    }

    public static int execute(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
        Redaction.rememberEnvironment(System.getenv()); // secrets of the environment never reach the console
        PrintWriter out = RedactedConsole.writer(rawOut);
        PrintWriter err = RedactedConsole.writer(rawErr);
        Failure failure = new Failure(Arrays.asList(args).contains("--json"), out, err);
        LastWords.reporter((message, runId) -> failure.report(message, "KILLED", runId, SIGNALLED));
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> failure.report(e.getMessage() + commands(e) + "; see '"
                + e.getCommandLine().getCommandName() + " --help'", "INVALID", null, BAD_INPUT));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) return failure.report(e.getMessage(), "INVALID", null, BAD_INPUT);
            if (e instanceof RunFailedException f) {
                if (f.unexpected()) f.getCause().printStackTrace(err); // a defect: its trace, then the run's one line
                return failure.report(e.getMessage(), f.status(), f.runId(), FAILED);
            }
            if (e instanceof TrackingException) return failure.report(e.getMessage(), "FAILED", null, FAILED);
            if (e instanceof MlflowHttpException h) { // a server's refusal outside a run (export, sync, report): its one line
                ServerAnswer answer = ServerAnswer.of(h);
                return answer.aboutTheInput() ? failure.report(answer.line(), "INVALID", null, BAD_INPUT)
                        : failure.report(answer.line(), "FAILED", null, FAILED);
            }
            failure.resultLine(String.valueOf(e), "FAILED", null); // an unexpected error keeps its stack trace, and --json its result line
            throw e;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            code = failure.report("out of memory (" + e.getMessage() + "); lower the sizes or give Java more memory (LANGEVIN_JAVA_OPTS=-Xmx...)",
                    "FAILED", null, FAILED);
        }
        out.flush();
        err.flush();
        LastWords.said();
        return code;
    }

    /** An unmatched word where a command has subcommands: the valid ones. */
    private static String commands(CommandLine.ParameterException e) {
        var sub = e.getCommandLine().getSubcommands().keySet();
        return e instanceof CommandLine.UnmatchedArgumentException && !sub.isEmpty() ? " (a command is one of " + sub + ")" : "";
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false); // pictures are encoded in memory: no temporary file, no shutdown hook per picture
        NativeBackend.configure();
        if ("1".equals(System.getenv("LANGEVIN_EXIT_WITH_PARENT"))) exitWithParent();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // a signal that ends a command outside a run: it still reports, once
            if (!LastWords.runOpen()) LastWords.unlessSaid("stopped by a signal before it finished", null);
        }, "last-words"));
        System.setOut(RedactedConsole.stream(new FileOutputStream(FileDescriptor.out)));
        System.setErr(RedactedConsole.stream(new FileOutputStream(FileDescriptor.err)));
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }
}
