package tillbridge.ecr.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.ecr.EcrSession;
import tillbridge.protocol.message.CommTest;

@Command(name = "test", mixinStandardHelpOptions = true, description = "Communication test: T1, print the terminal's T2 answer.")
final class TestCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (EcrSession session = parent.open(spec.commandLine())) {
            CommTest.Answer a = session.test();
            PrintWriter out = spec.commandLine().getOut();
            out.println("version " + a.version());
            if (!a.vendor().isEmpty()) out.println("vendor " + a.vendor());
            if (!a.deviceType().isEmpty()) out.println("device_type " + a.deviceType());
            if (!a.deviceId().isEmpty()) out.println("device_id " + a.deviceId());
            out.flush();
            return EcrCli.OK;
        }
    }
}
