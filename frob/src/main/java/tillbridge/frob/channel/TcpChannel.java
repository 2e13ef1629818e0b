package tillbridge.frob.channel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** {@code tcp:host:port}: frob connects to the terminal software's listening TCP socket. */
final class TcpChannel {
    /** Long enough for a LAN, short enough that a session does not start late. */
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private TcpChannel() {}

    static Binding open(ChannelName name, String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return new Binding("tcp:" + host + ":" + port, name.reads() ? socket.getInputStream() : null, socket.getOutputStream(), false, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
