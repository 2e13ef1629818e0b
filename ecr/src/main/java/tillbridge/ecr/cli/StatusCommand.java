package tillbridge.ecr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.ecr.PaymentRequest;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Ask the terminal for the outcome of an earlier payment (S1 kind C) and print it; the exit code is that payment's outcome.",
            "--last asks for the last transaction of the ECR id, whatever its reference (payment id LAST, a tillbridge definition)."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    static final class Which {
        @Option(names = "--ref", paramLabel = "ID", required = true, description = "The payment reference (S1 payment id) printed by 'ecr pay'.")
        String reference;

        @Option(names = "--last", required = true, description = "The last transaction of this ECR id; its reference is printed.")
        boolean last;
    }

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--ecr-id", paramLabel = "ID", defaultValue = PaymentRequest.DEFAULT_ECR_ID,
            description = "The ECR id the payment was made with (default: ${DEFAULT-VALUE}).")
    String ecrId;

    @Option(names = "--currency", paramLabel = "CODE",
            description = "ISO 4217 code of the payment, to print its amounts with that currency's decimals (an S2 does not name it); "
                    + "without it amounts are given in minor units.")
    String currency;

    @Override
    public Integer call() throws Exception {
        try {
            PaymentRequest check = PaymentRequest.of(1, "XXX").withEcrId(ecrId); // checks before connecting
            if (!which.last) check.withReference(which.reference);
            if (currency != null) {
                currency = currency.toUpperCase(java.util.Locale.ROOT);
                Amounts.decimals(currency);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return parent.withSession(spec.commandLine(), (session, out) ->
                Report.print(out, which.last ? session.lastStatus(ecrId) : session.status(ecrId, which.reference), currency, true));
    }
}
