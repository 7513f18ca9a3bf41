package org.langevin.tracking;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * A picture logged the way MLflow's {@code log_image(image, key, step)} logs it, so the run page charts it with a step
 * slider: {@code images/KEY+step+S+timestamp+T+UUID.png} (a "/" in the key written as "~") beside a thumbnail whose
 * longer side is at most 256 pixels, {@code …+compressed.png}, and the run tag {@code mlflow.loggedImages}.
 */
public final class SteppedImage {
    static final int THUMBNAIL = 256;

    private SteppedImage() {}

    public static void log(TrackedRun run, String key, long step, Path png) throws IOException {
        if (!key.matches("[a-zA-Z0-9_\\-./ ]+")) throw new IllegalArgumentException("an image key of letters, digits, _ - . / and "
                + "spaces, got " + key);
        String stem = "images/" + key.replace('/', '~') + "+step+" + step + "+timestamp+" + System.currentTimeMillis() + "+" + UUID.randomUUID();
        Path thumbnail = png.resolveSibling(png.getFileName() + ".thumbnail.png");
        ImageIO.write(thumbnail(ImageIO.read(png.toFile())), "png", thumbnail.toFile());
        run.logArtifact(png, stem + ".png");
        run.logArtifact(thumbnail, stem + "+compressed.png");
        run.setTags(Map.of("mlflow.loggedImages", "True"));
    }

    /** The image scaled down so its longer side is at most {@value #THUMBNAIL} pixels (never up). */
    static BufferedImage thumbnail(BufferedImage image) {
        double scale = Math.min(1.0, (double) THUMBNAIL / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
