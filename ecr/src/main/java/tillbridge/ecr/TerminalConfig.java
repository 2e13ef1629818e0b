package tillbridge.ecr;

import java.util.List;
import tillbridge.protocol.message.DeviceParams;

/**
 * What {@link EcrSession#config()} learned.
 *
 * @param parameters the terminal's D5 device parameters
 * @param terminalVersions the versions the terminal offered in T4
 * @param version the highest version both sides support, sent back in T5
 */
public record TerminalConfig(DeviceParams.Answer parameters, List<String> terminalVersions, String version) {
    public TerminalConfig {
        terminalVersions = List.copyOf(terminalVersions);
    }
}
