package chat.groups.common.config;

/**
 * A setting the service cannot start with. It names the setting, says what is wrong with it
 * and how to fix it; {@link ConfigurationMistakeAnalyzer} turns it into the start-up failure
 * report, without a stack trace. The message never contains a secret.
 */
public class ConfigurationMistake extends IllegalArgumentException {

    private final String setting;
    private final String problem;
    private final String fix;

    /**
     * @param setting the environment variable or property, e.g. {@code GROUPS_API_KEYS}
     * @param problem what is wrong with it, e.g. "entry #2 (account 'acme') has a token shorter than 16 characters"
     * @param fix     what to do, e.g. "use a random token of 16 or more characters"
     */
    public ConfigurationMistake(String setting, String problem, String fix) {
        super(setting + " " + problem + ". Fix: " + fix + ".");
        this.setting = setting;
        this.problem = problem;
        this.fix = fix;
    }

    public String setting() {
        return setting;
    }

    /** The setting and what is wrong with it, without the fix. */
    public String problem() {
        return setting + " " + problem + ".";
    }

    public String fix() {
        return fix;
    }
}
