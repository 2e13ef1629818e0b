package tillbridge.frob.channel;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** {@code unix:/run/x.sock}: frob connects to the terminal software's listening UNIX socket. */
final class UnixChannel {
    private UnixChannel() {}

    static Binding open(ChannelName name, Path path) throws IOException {
        SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(path));
        return new Binding("unix:" + path, name.reads() ? Channels.newInputStream(socket) : null,
                Channels.newOutputStream(socket), false, socket);
    }
}
