package tillbridge.ecr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.protocol.message.CommTest;

@Command(name = "test", mixinStandardHelpOptions = true, description = "Communication test: T1, print the terminal's T2 answer.")
final class TestCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return parent.withSession(spec.commandLine(), (session, out) -> {
            CommTest.Answer a = session.test();
            out.println("version " + a.version());
            if (!a.vendor().isEmpty()) out.println("vendor " + a.vendor());
            if (!a.deviceType().isEmpty()) out.println("device_type " + a.deviceType());
            if (!a.deviceId().isEmpty()) out.println("device_id " + a.deviceId());
            return EcrCli.OK;
        });
    }
}
