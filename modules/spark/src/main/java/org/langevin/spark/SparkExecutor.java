package org.langevin.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.langevin.sweep.CellJob;
import org.langevin.sweep.ChildJvm;
import org.langevin.sweep.SweepExecutor;

/**
 * The sweep's jobs as Spark tasks, one per cell × seed (an RDD with one partition per job). Each task starts the
 * cell's {@code langevin run} as a child JVM with OMP_NUM_THREADS = the task's cores ({@code spark.task.cpus}), so that
 * the runs of one executor do not oversubscribe its machine, and reports to MLflow at MLFLOW_TRACKING_URI.
 *
 * <p>Spark retries a task whose executor is lost or that is killed (up to {@code spark.task.maxFailures} attempts).
 * A retry continues the MLflow run the earlier attempt left unfinished from its checkpoint/latest.ckpt (an artifact
 * on the tracking server, which every executor reaches) instead of starting over; a run that ends FAILED by itself
 * (divergence) is an outcome, not retried.
 */
public final class SparkExecutor implements SweepExecutor {
    /** Attempts per task on the default local master; on a cluster, spark.task.maxFailures (Spark's default is 4). */
    static final int ATTEMPTS = 4;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void run(List<CellJob> jobs, int parallel, String master, Map<String, String> env, Consumer<CellJob.Ending> onEnd) {
        try (JavaSparkContext spark = new JavaSparkContext(configuration(parallel, master))) {
            spark.setLogLevel("WARN");
            spark.sc().addSparkListener(new AttemptLog(jobs));
            List<CellJob.Ending> endings = spark.parallelize(jobs, jobs.size()).map(SparkExecutor::runTask).collect();
            endings.forEach(onEnd);
        }
    }

    /** spark-submit's settings when there are any; else the given master or local[parallel, 4], bound to the loopback interface. */
    static SparkConf configuration(int parallel, String master) {
        return configuration("langevin sweep", master, "local[" + parallel + "," + ATTEMPTS + "]");
    }

    /** The master given, else spark-submit's or -Dspark.master, else {@code local}; a local master is bound to the loopback interface. */
    static SparkConf configuration(String app, String master, String local) {
        SparkConf conf = new SparkConf().setAppName(app);
        if (master != null) conf.setMaster(master);
        conf.setIfMissing("spark.master", local);
        if (onThisMachine(conf)) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                    .setIfMissing("spark.ui.enabled", "false");
        }
        return conf;
    }

    /** local[...] or local-cluster[...]: every task on this machine. */
    static boolean onThisMachine(SparkConf conf) {
        return conf.get("spark.master").startsWith("local");
    }

    /** One task: the cell's run in a child JVM; a retry resumes the run an earlier attempt left. */
    static CellJob.Ending runTask(CellJob job) throws Exception {
        TaskContext task = TaskContext.get();
        Map<String, String> env = System.getenv();
        String resume = task.attemptNumber() > 0 ? job.resumableRun(env).orElse(null) : null;
        CellJob.Ending ending = job.launch(ChildJvm.ofCheckout(Path.of(job.home())), task.cpus(), resume, Map.of());
        if (ending.killed()) {
            throw new IllegalStateException("the run of " + job.runName() + " was ended by a signal (exit " + ending.exitCode()
                    + "): Spark retries the task, which resumes the run from its last checkpoint");
        }
        return ending;
    }

    /** Logs every task attempt that did not succeed, with its cell, on the driver. */
    private static final class AttemptLog extends SparkListener {
        private final List<CellJob> jobs;

        AttemptLog(List<CellJob> jobs) {
            this.jobs = jobs;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().successful()) return;
            int partition = end.taskInfo().partitionId();
            String cell = partition >= 0 && partition < jobs.size() ? jobs.get(partition).runName() : "partition " + partition;
            System.err.printf("[spark] attempt %d of %s ended: %s; Spark retries it%n", end.taskInfo().attemptNumber() + 1, cell, end.reason());
        }
    }
}
