package chat.groups.common.error;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/** Puts {@link JsonErrorReportValve} in place of Tomcat's HTML error page. */
public class TomcatErrorShape implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final String documentationRoot;

    public TomcatErrorShape(@Value("${groups.api.documentation-url}") String documentationRoot) {
        this.documentationRoot = ApiErrors.documentationRoot(documentationRoot);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        JsonErrorReportValve.documentationRoot = documentationRoot;
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }
}
