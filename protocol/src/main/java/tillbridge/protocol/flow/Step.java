package tillbridge.protocol.flow;

import java.util.function.Predicate;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.message.Message;

/** One transition of a flow: in state {@code from}, {@code type} sent by {@code by} and passing {@code guard} leads to {@code to}. */
record Step(State from, PacketType type, Side by, Predicate<Message> guard, State to) {}
