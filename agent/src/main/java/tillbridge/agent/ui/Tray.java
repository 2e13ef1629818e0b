package tillbridge.agent.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.AWTException;
import java.awt.Color;
import java.awt.Desktop;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent in the desktop's system tray, where there is one: a dot in the status page's colour
 * (green connected, amber, red), the headline and its reason as the tooltip, and a menu to open the
 * page. On a machine without a display, or a desktop without a tray, there is no icon and nothing
 * to report beyond a debug line: the page and the log say everything the icon would.
 */
public final class Tray implements AutoCloseable {
    /** Tooltips are cut by some desktops (Windows at 127 characters); the page has the rest. */
    static final int TOOLTIP_MAX = 120;
    private static final Logger LOG = LoggerFactory.getLogger("tillbridge.agent");
    private final TrayIcon icon;
    private final UiStatus status;
    private final Consumer<ObjectNode> listener;

    /** What the icon shows for a status: its light and tooltip. */
    record Look(UiStatus.Light light, String tooltip) {
        static Look of(ObjectNode status) {
            UiStatus.Light light = UiStatus.Light.valueOf(status.path("light").asText("amber").toUpperCase(Locale.ROOT));
            String detail = status.path("detail").asText("");
            String text = "tillbridge agent: " + status.path("headline").asText() + (detail.isEmpty() ? "" : " (" + detail + ")");
            return new Look(light, text.length() > TOOLTIP_MAX ? text.substring(0, TOOLTIP_MAX - 1) + "…" : text);
        }
    }

    private Tray(TrayIcon icon, UiStatus status) {
        this.icon = icon;
        this.status = status;
        this.listener = s -> EventQueue.invokeLater(() -> show(Look.of(s)));
    }

    /** The icon, following {@code status}, with a menu opening {@code page}; empty where the desktop has no tray. */
    public static Optional<Tray> show(UiStatus status, URI page) {
        if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
            LOG.debug("no system tray on this desktop: no tray icon");
            return Optional.empty();
        }
        Look look = Look.of(status.snapshot());
        TrayIcon icon = new TrayIcon(image(look.light()), look.tooltip());
        icon.setImageAutoSize(true);
        PopupMenu menu = new PopupMenu();
        MenuItem open = new MenuItem("Open the status page");
        open.addActionListener(e -> open(page));
        menu.add(open);
        icon.setPopupMenu(menu);
        icon.addActionListener(e -> open(page)); // a double click
        try {
            SystemTray.getSystemTray().add(icon);
        } catch (AWTException e) {
            LOG.debug("system tray refused the icon: {}", e.getMessage());
            return Optional.empty();
        }
        Tray t = new Tray(icon, status);
        status.listen(t.listener);
        return Optional.of(t);
    }

    private void show(Look look) {
        icon.setImage(image(look.light()));
        icon.setToolTip(look.tooltip());
    }

    /** A filled dot in the page's colours, large enough for any tray (scaled down by the icon). */
    static BufferedImage image(UiStatus.Light light) {
        Color c = switch (light) {
            case GREEN -> new Color(0x1f9d45);
            case AMBER -> new Color(0xe0a000);
            case RED -> new Color(0xc62828);
        };
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(c);
        g.fillOval(4, 4, 56, 56);
        g.dispose();
        return img;
    }

    /**
     * The browser on the page: {@code $BROWSER} when set (the first of its {@code :}-separated
     * commands, given the address as its argument, as xdg-open does too), else the desktop's own
     * way, else xdg-open (Linux desktops without AWT's desktop support).
     */
    private static void open(URI page) {
        String browser = System.getenv().getOrDefault("BROWSER", "").split(":", 2)[0].strip();
        try {
            if (!browser.isEmpty()) new ProcessBuilder(browser, page.toString()).inheritIO().start();
            else if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) Desktop.getDesktop().browse(page);
            else new ProcessBuilder("xdg-open", page.toString()).inheritIO().start();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot open a browser on {}: {}; open it by hand", page, e.getMessage());
        }
    }

    @Override
    public void close() {
        status.unlisten(listener);
        EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }
}
