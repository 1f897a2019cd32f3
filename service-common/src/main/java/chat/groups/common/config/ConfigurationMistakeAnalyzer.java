package chat.groups.common.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link ConfigurationMistake}, wherever Spring wrapped it, as what it is: the
 * setting, the problem and the fix, instead of the stack trace of the bean that could not be
 * created.
 */
public class ConfigurationMistakeAnalyzer extends AbstractFailureAnalyzer<ConfigurationMistake> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationMistake cause) {
        return new FailureAnalysis(cause.problem(), cause.fix().substring(0, 1).toUpperCase() + cause.fix().substring(1) + ".", cause);
    }
}
