package tillbridge.ecr.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.ecr.TerminalConfig;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Messages;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Device parameters (D4, print the D5 fields) and version negotiation (T3, T4, then T5 with the highest common version).")
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return parent.withSession(spec.commandLine(), (session, out) -> {
            TerminalConfig c = session.config();
            for (Map.Entry<String, String> f : Messages.named(Messages.encode("0", c.parameters())).entrySet())
                out.println(f.getKey() + " " + Packet.printable(f.getValue()));
            out.println("terminal_versions " + String.join(" ", c.terminalVersions()));
            out.println("version " + c.version());
            return EcrCli.OK;
        });
    }
}
