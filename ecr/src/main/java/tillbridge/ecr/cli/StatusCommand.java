package tillbridge.ecr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.ecr.EcrSession;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ask the terminal for the outcome of an earlier payment (S1 kind C) and print it; the exit code is that payment's outcome.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--ref", paramLabel = "ID", required = true, description = "The payment reference (S1 payment id) printed by 'ecr pay'.")
    String reference;

    @Option(names = "--ecr-id", paramLabel = "ID", defaultValue = PaymentRequest.DEFAULT_ECR_ID,
            description = "The ECR id the payment was made with (default: ${DEFAULT-VALUE}).")
    String ecrId;

    @Override
    public Integer call() throws Exception {
        try {
            PaymentRequest.of(1, "XXX").withEcrId(ecrId).withReference(reference); // checks both before connecting
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (EcrSession session = parent.open(spec.commandLine())) {
            PaymentResult r = session.status(ecrId, reference);
            return Report.print(spec.commandLine().getOut(), r, null, true);
        }
    }
}
