package org.langevin.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.langevin.core.ConfigException;
import org.langevin.training.Checkpoint;
import org.langevin.training.Trainer;
import org.langevin.training.workers.Coordinator;
import org.langevin.training.workers.Workers;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * train.workers on Spark: one barrier stage of train.workers tasks ({@link RankTask}), whose workers average over TCP
 * among themselves and report to a {@link Coordinator} on the driver, where the run is. Barrier mode gives the gang
 * scheduling (all start together or none) and, when a task fails, runs the whole stage again; its allGather costs about a
 * second a call, so it only tells the workers each other's addresses, and the averages go over their own sockets.
 */
public final class SparkWorkers implements Workers.Provider {
    /** How long the driver waits for a cluster's executors to register before it counts the task slots. */
    private static final long REGISTRATION_MILLIS = 60_000;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Workers open(String configYaml, int workers, String master) {
        SparkConf conf = configuration(workers, master);
        JavaSparkContext spark = new JavaSparkContext(conf);
        System.clearProperty("spark.testing"); // read as the local cluster's workers start, and by nothing of this JVM after
        spark.setLogLevel("WARN");
        int slots = slots(spark, workers);
        if (slots < workers) {
            spark.close();
            throw new ConfigException("train.workers", workers + " workers need as many task slots at once; the cluster at "
                    + conf.get("spark.master") + " has " + slots);
        }
        return new Job(spark, configYaml, workers, SparkExecutor.onThisMachine(conf), new StopFirst(spark::stop));
    }

    /**
     * spark-submit's or -Dspark.* settings when there are any; else the given master or local[workers, 4] (a lost task is
     * retried, as on a cluster), bound to the loopback interface.
     */
    static SparkConf configuration(int workers, String master) {
        SparkConf conf = SparkExecutor.configuration("langevin train", master, "local[" + workers + "," + SparkExecutor.ATTEMPTS + "]");
        if (conf.get("spark.master").startsWith("local-cluster")) { // executors as JVMs of this machine: this JVM's class path and module openings
            conf.setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            conf.setIfMissing("spark.executor.extraJavaOptions", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-") || a.startsWith("-Dorg.bytedeco") || a.startsWith("-Djdk.reflect")
                            || a.startsWith("-Dio.netty") || a.startsWith("-Dlangevin.home") || a.startsWith("-Djava.awt.headless"))
                    .collect(Collectors.joining(" ")));
            // local-cluster is Spark's test master: its workers launch executors from spark.test.home, read in test mode only
            System.setProperty("spark.testing", "true");
            if (System.getProperty("spark.test.home") == null) System.setProperty("spark.test.home", sparkHome());
            conf.setIfMissing("spark.executorEnv.SPARK_SCALA_VERSION", "2.13"); // the launcher's builder asks for it outside a distribution
        }
        return conf;
    }

    /** A Spark home for local-cluster executors, which Spark's worker launches from its (empty) jars folder and this class path. */
    private static String sparkHome() {
        try {
            Path home = Files.createTempDirectory("langevin-spark-home");
            Files.createDirectories(home.resolve("jars"));
            Files.writeString(home.resolve("RELEASE"), "a Spark home with no jars of its own: executors take the driver's class path\n");
            home.toFile().deleteOnExit();
            home.resolve("jars").toFile().deleteOnExit();
            home.resolve("RELEASE").toFile().deleteOnExit();
            return home.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tasks that can run at once, as Spark's own barrier check counts them (the registered executors' cores over
     * spark.task.cpus; local[N]: N), waiting up to a minute for a cluster's executors to register.
     */
    static int slots(JavaSparkContext spark, int wanted) {
        SparkContext context = spark.sc();
        long deadline = System.currentTimeMillis() + REGISTRATION_MILLIS;
        while (true) {
            // Spark's private[spark] count (public in bytecode): the number its barrier scheduling is held to
            int slots = context.maxNumConcurrentTasks(context.resourceProfileManager().defaultResourceProfile());
            if (slots >= wanted || System.currentTimeMillis() > deadline) return slots;
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return slots;
            }
        }
    }

    /** The workers of one run: the Spark context, and a barrier stage per {@link #train}. */
    private record Job(JavaSparkContext spark, String configYaml, int workers, boolean loopback, StopFirst stopFirst) implements Workers {
        @Override
        public Checkpoint train(Checkpoint start, Trainer.StepListener listener, Observer observer) {
            ClassTag<Integer> tag = ClassTag$.MODULE$.apply(Integer.class);
            try (Coordinator coordinator = new Coordinator(loopback ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName(spark.getConf().get("spark.driver.host")), workers)) {
                RankTask task = new RankTask(configYaml, coordinator.address(), loopback);
                JavaRDD<Integer> ranks = spark.parallelize(IntStream.range(0, workers).boxed().toList(), workers);
                // a shuffle after the barrier stage makes it a map stage, which Spark runs again when a task fails (a failed
                // barrier result stage ends the job)
                JavaFutureAction<List<Integer>> job = new JavaRDD<>(ranks.rdd().barrier().mapPartitions(task, false, tag), tag).repartition(1)
                        .collectAsync();
                stopFirst.training(true);
                try {
                    return coordinator.serve(start, listener, observer, job);
                } finally {
                    endOf(job); // whatever the job does after the end (a rerun whose hello finds no coordinator) changes nothing
                    stopFirst.training(false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the workers trained", e);
            }
        }

        /** After the end, a stop or a failure: the workers end by themselves, else within half a minute they are cancelled. */
        private static void endOf(JavaFutureAction<List<Integer>> job) {
            try {
                job.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                job.cancel(true); // failed already, or still running: the run has ended either way
            } catch (InterruptedException e) {
                job.cancel(true);
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stopFirst.close();
            spark.close();
        }
    }
}
