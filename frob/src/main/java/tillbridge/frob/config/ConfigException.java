package tillbridge.frob.config;

/** A config file that cannot be used; the message names the file, the key and the rule. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
