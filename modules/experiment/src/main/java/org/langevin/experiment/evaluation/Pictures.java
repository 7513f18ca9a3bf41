package org.langevin.experiment.evaluation;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.langevin.core.PixelGrid;

/**
 * Images and clips drawn as pictures: ink dark on white, each pixel a square of {@code zoom} screen pixels, tiles
 * separated by a one-pixel grey rule. A grid of images puts {@code columns} per row; a clip strip puts one clip per row,
 * its frames left to right; an animation plays the clips side by side.
 */
public final class Pictures {
    private static final int RULE = 0x999999;

    private Pictures() {}

    /** Rows of data as a grid of images (frame 0 of each row for clips). */
    public static void grid(Path png, double[][] rows, PixelGrid grid, int columns, int zoom) throws IOException {
        List<double[]> tiles = new ArrayList<>();
        for (double[] row : rows) tiles.add(Arrays.copyOfRange(row, 0, grid.frameSize()));
        ImageIO.write(tiles(tiles, grid, columns, zoom), "png", png.toFile());
    }

    /** One clip per row of the picture, its frames left to right. */
    public static void strip(Path png, double[][] clips, PixelGrid grid, int zoom) throws IOException {
        List<double[]> tiles = new ArrayList<>();
        for (double[] clip : clips) {
            for (int f = 0; f < grid.frames(); f++) tiles.add(frame(clip, f, grid));
        }
        ImageIO.write(tiles(tiles, grid, grid.frames(), zoom), "png", png.toFile());
    }

    /** An animated GIF, looping, of the clips side by side ({@code columns} per row), {@code delayMs} per frame. */
    public static void animation(Path gif, double[][] clips, PixelGrid grid, int columns, int zoom, int delayMs) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(gif.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int f = 0; f < grid.frames(); f++) {
                List<double[]> tiles = new ArrayList<>();
                for (double[] clip : clips) tiles.add(frame(clip, f, grid));
                BufferedImage image = tiles(tiles, grid, columns, zoom);
                writer.writeToSequence(new IIOImage(image, null, frameMetadata(writer, image, delayMs, f == 0)), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static double[] frame(double[] clip, int f, PixelGrid grid) {
        return Arrays.copyOfRange(clip, f * grid.frameSize(), (f + 1) * grid.frameSize());
    }

    /** GIF frame metadata: the delay in hundredths of a second, and on the first frame the looping extension. */
    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage image, int delayMs, boolean first) throws IOException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMs / 10)));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // loop forever
            child(root, "ApplicationExtensions").appendChild(app);
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /** Single-frame tiles (channels averaged to grey) laid out {@code columns} per row. */
    private static BufferedImage tiles(List<double[]> tiles, PixelGrid grid, int columns, int zoom) {
        int rows = (tiles.size() + columns - 1) / columns;
        int tileW = grid.width() * zoom;
        int tileH = grid.height() * zoom;
        BufferedImage image = new BufferedImage(columns * (tileW + 1) + 1, rows * (tileH + 1) + 1, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) for (int x = 0; x < image.getWidth(); x++) image.setRGB(x, y, RULE);
        for (int k = 0; k < tiles.size(); k++) {
            int x0 = 1 + (k % columns) * (tileW + 1);
            int y0 = 1 + (k / columns) * (tileH + 1);
            double[] tile = tiles.get(k);
            for (int i = 0; i < grid.height(); i++) {
                for (int j = 0; j < grid.width(); j++) {
                    double ink = 0;
                    for (int ch = 0; ch < grid.channels(); ch++) ink += tile[(ch * grid.height() + i) * grid.width() + j];
                    double u = Math.min(1, Math.max(0, (ink / grid.channels() - grid.low()) / (grid.high() - grid.low())));
                    int grey = (int) Math.round(255 * (1 - u));
                    int rgb = grey << 16 | grey << 8 | grey;
                    for (int dy = 0; dy < zoom; dy++) for (int dx = 0; dx < zoom; dx++) image.setRGB(x0 + j * zoom + dx, y0 + i * zoom + dy, rgb);
                }
            }
        }
        return image;
    }
}
