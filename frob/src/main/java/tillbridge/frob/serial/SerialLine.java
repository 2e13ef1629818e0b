package tillbridge.frob.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import tillbridge.frob.io.QueueInput;

/**
 * {@code --serial /dev/ttyX --baud N}: the ECR on a serial line through jSerialComm, 8 data bits,
 * no parity, 1 stop bit, no flow control, raw (no echo, no line editing). jSerialComm blocks in
 * native code while reading, so a platform thread reads the port and hands the bytes on
 * ({@link QueueInput}); the session's own reader stays a virtual thread and pins no carrier.
 *
 * @param in what the ECR sends; ends when the port fails or is closed
 * @param out what frob sends to the ECR
 */
public record SerialLine(String description, InputStream in, OutputStream out, Closeable resource) {
    /** Baud rates accepted by {@code --baud}: the standard ones a termios driver knows. */
    public static final int[] RATES = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400};

    public static void checkBaud(int baud) {
        for (int r : RATES) if (r == baud) return;
        throw new IllegalArgumentException("--baud must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, was " + baud);
    }

    /** Opens and configures the port; fails with jSerialComm's error code and the place it failed. */
    public static SerialLine open(String path, int baud) throws IOException {
        checkBaud(baud);
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) { // SerialPortInvalidPortException: no such port
            throw new IOException("serial port " + path + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        // semi-blocking, no timeout: a read returns as soon as a byte is there (blocking would wait
        // until the whole buffer is full)
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 0);
        if (!port.openPort())
            throw new IOException("serial port " + path + " could not be opened: errno " + port.getLastErrorCode()
                    + " at jSerialComm line " + port.getLastErrorLocation());
        InputStream raw = port.getInputStream();
        QueueInput in = QueueInput.pump(Thread.ofPlatform().daemon(), "serial-reader", raw);
        String description = path + " " + baud + " baud 8N1";
        return new SerialLine(description, in, port.getOutputStream(), port::closePort);
    }
}
