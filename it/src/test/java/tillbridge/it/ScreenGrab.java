package tillbridge.it;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Writes the whole X screen of {@code $DISPLAY} to a PNG file: run in its own JVM by the tests
 * that look at a desktop under Xvfb (the test's own JVM has no display).
 */
public final class ScreenGrab {
    private ScreenGrab() {}

    public static void main(String[] args) throws Exception {
        Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        ImageIO.write(new Robot().createScreenCapture(screen), "png", new File(args[0]));
    }
}
