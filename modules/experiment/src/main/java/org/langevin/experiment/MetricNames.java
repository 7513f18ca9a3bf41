package org.langevin.experiment;

/**
 * Every metric Langevin logs, named once. A run, the likelihood command, the studies and the reports all use these
 * names; {@link Metrics} turns each evaluation's result into them. Units are in the names (nats, seconds, pixels).
 */
public final class MetricNames {
    private MetricNames() {}

    // training: curves by step, then the summary
    public static final String TRAIN_LOSS = "train/loss";
    public static final String TRAIN_GRAD_NORM = "train/grad_norm";
    public static final String TRAIN_LEARNING_RATE = "train/learning_rate";
    public static final String TRAIN_SECONDS = "train_seconds";
    /** The training time so far, logged with every checkpoint (and a stop's) at its step: a resumed run's clock continues from it. */
    public static final String TRAIN_SECONDS_SO_FAR = "train/seconds";
    public static final String TRAIN_STEPS_PER_S = "train_steps_per_s";
    public static final String FINAL_TRAIN_LOSS = "final_train_loss";
    // train.eval_every: FID during training, by step, beside its floor and the training time so far
    public static final String EVAL_FID = "eval/fid";
    public static final String EVAL_FID_FLOOR = "eval/fid_floor";
    public static final String EVAL_TRAIN_SECONDS = "eval/train_seconds";
    public static final String EVAL_HELDOUT_LOSS = "eval/heldout_loss/";

    // sampling and sample quality against held-out data
    public static final String SAMPLE_SECONDS = "sample_seconds";
    public static final String SAMPLE_NFE = "sample_nfe";
    public static final String MMD2 = "mmd2";
    public static final String ENERGY_DISTANCE = "energy_distance";
    public static final String MMD2_DATA_FLOOR = "mmd2_data_floor";
    public static final String ENERGY_DISTANCE_DATA_FLOOR = "energy_distance_data_floor";
    public static final String FISHER_DIVERGENCE = "fisher_divergence";
    public static final String STRAIGHTNESS = "straightness";
    public static final String NON_CONSERVATIVE = "nonconservative";
    /** sampler.nfe_budgets: prefix of nfe_sweep/SAMPLER/energy_distance and nfe_sweep/SAMPLER/mmd2, logged with the NFE budget as step. */
    public static final String NFE_SWEEP = "nfe_sweep/";
    // an energy model's −E(·, eps) against the exact log density (mixture data)
    public static final String LOG_DENSITY_PEARSON = "log_density_pearson";
    public static final String LOG_DENSITY_SPEARMAN = "log_density_spearman";
    public static final String LOG_DENSITY_OFFSET_STD = "log_density_offset_std_nats";
    public static final String LOG_DENSITY_OFFSET_STD_WITHIN = "log_density_offset_std_within_nats";

    // images and clips
    public static final String NN_DISTANCE_SAMPLES = "nn_distance_samples";
    public static final String NN_DISTANCE_TEST = "nn_distance_test";
    public static final String NN_COPY_FRACTION = "nn_copy_fraction";
    public static final String FID = "fid";
    public static final String FID_STDERR = "fid_stderr";
    public static final String FID_FLOOR = "fid_floor";
    public static final String FID_PER_FRAME = "fid_per_frame"; // clips: stepped by frame index
    public static final String KID = "kid";
    public static final String KID_STDERR = "kid_stderr";
    public static final String KID_FLOOR = "kid_floor";
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String PRECISION_DATA = "precision_data"; // training rows in place of the samples: the data's own value at the same n
    public static final String RECALL_DATA = "recall_data";
    public static final String FEATURE_ROWS = "feature_rows";
    public static final String CLASSIFIER_TEST_ACCURACY = "classifier_test_accuracy";
    public static final String LABEL_ACCURACY = "label_accuracy";
    public static final String CLIP_SPEED = "clip_speed_px";
    public static final String CLIP_SPEED_DATA = "clip_speed_px_data";
    public static final String CLIP_DISPLACEMENT_CHANGE = "clip_displacement_change_px";
    public static final String CLIP_DISPLACEMENT_CHANGE_DATA = "clip_displacement_change_px_data";
    // clips: the share of clips whose frames the classifier puts in one class, the RMS distance of each clip's centroid
    // path from the best reflected constant-velocity path, and a Fréchet distance between clip descriptors; each with the data's own
    public static final String LABEL_CONSISTENCY = "label_consistency";
    public static final String LABEL_CONSISTENCY_DATA = "label_consistency_data";
    public static final String CLIP_MOTION_ERROR = "clip_motion_error_px";
    public static final String CLIP_MOTION_ERROR_DATA = "clip_motion_error_px_data";
    public static final String FVD_FEATURES = "fvd_features";
    public static final String FVD_FEATURES_STDERR = "fvd_features_stderr";
    public static final String FVD_FEATURES_FLOOR = "fvd_features_floor";

    // likelihood through the probability-flow ODE (a run's test points, or the likelihood command's points)
    public static final String LIKELIHOOD_SECONDS = "likelihood_seconds";
    public static final String NLL = "test_nll_nats";
    public static final String NLL_STDERR = "test_nll_stderr_nats";
    public static final String BITS_PER_DIM = "test_bits_per_dim";
    public static final String BITS_PER_DIM_STDERR = "test_bits_per_dim_stderr";
    public static final String LIKELIHOOD_NFE = "likelihood_nfe";
    public static final String PROBE_STDERR = "probe_stderr_nats";
    public static final String PRIOR_TERM = "test_prior_term_nats";
    public static final String INTEGRAL_TERM = "test_integral_term_nats";
    public static final String NLL_EXACT = "test_nll_exact_nats";
    public static final String NLL_GAP = "nll_gap_nats";
    public static final String NLL_GAP_STDERR = "nll_gap_stderr_nats";
    public static final String DATA_ENTROPY = "data_entropy_nats";

    // inverse problems (the restore command): distance to the exact posterior on mixtures, PSNR/SSIM on images and clips
    public static final String POSTERIOR_ENERGY = "posterior_energy_distance";
    public static final String POSTERIOR_ENERGY_STDERR = "posterior_energy_distance_stderr";
    public static final String POSTERIOR_ENERGY_FLOOR = "posterior_energy_distance_floor";
    public static final String PSNR = "psnr_db";
    public static final String PSNR_STDERR = "psnr_stderr_db";
    public static final String SSIM = "ssim";
    public static final String SSIM_STDERR = "ssim_stderr";
    public static final String MEASUREMENT_PSNR = "measurement_psnr_db";
    /** RMS of A x̂ − y over the restored images (data units): how far a method leaves its samples from the observation. */
    public static final String MEASUREMENT_RESIDUAL = "measurement_residual_rms";
    public static final String MOTION_ERROR = "motion_error_px";
    // frame prediction (the frames operator): the predicted frames alone, beside copying the nearest observed frame
    public static final String PREDICTED_PSNR = "predicted_psnr_db";
    public static final String PREDICTED_SSIM = "predicted_ssim";
    public static final String COPY_FRAME_PSNR = "copy_frame_psnr_db";
    public static final String COPY_FRAME_SSIM = "copy_frame_ssim";
    public static final String RESTORE_NFE = "restore_nfe";
    /** The share of posterior samples (of exact posterior draws) below the prior's 1 % quantile of log density. */
    public static final String PRIOR_TAIL = "prior_tail_share";
    public static final String PRIOR_TAIL_EXACT = "prior_tail_share_exact";
    public static final String RESTORE_SECONDS = "restore_seconds";

    // the run as a whole
    public static final String WALL_SECONDS = "wall_seconds";
    public static final String LINEAGE_SECONDS = "lineage_seconds";
}
