package tillbridge.it;

import java.awt.Robot;
import java.awt.event.InputEvent;

/**
 * Clicks the mouse on the X screen of {@code $DISPLAY}: {@code ScreenClick X Y BUTTON} (1 left,
 * 3 right), through the XTEST extension Xvfb has, as a user's click would come; run in its own JVM
 * by the tests that use a desktop under Xvfb (the test's own JVM has no display).
 */
public final class ScreenClick {
    private ScreenClick() {}

    public static void main(String[] args) {
        try {
            Robot robot = new Robot();
            int mask = InputEvent.getMaskForButton(Integer.parseInt(args[2]));
            robot.mouseMove(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
            robot.delay(200);
            robot.mousePress(mask);
            robot.delay(100);
            robot.mouseRelease(mask);
            robot.waitForIdle();
        } catch (java.awt.AWTException e) {
            System.err.println("ScreenClick: " + e.getMessage());
            System.exit(111);
        }
    }
}
