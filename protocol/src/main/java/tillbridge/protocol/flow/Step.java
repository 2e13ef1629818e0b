package tillbridge.protocol.flow;

import java.util.function.Predicate;
import tillbridge.protocol.message.Message;

/** One transition of a flow: in state {@code from}, {@code code} sent by {@code by} and passing {@code guard} leads to {@code to}. */
record Step(String from, String code, Side by, Predicate<Message> guard, String to) {}
