package chat.groups.query.rebuild;

import chat.groups.common.auth.AdminKeyFilter;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.request.RequestBodyReader;
import chat.groups.query.rebuild.ProjectionStatus.RebuildProgress;
import chat.groups.query.rebuild.ProjectionVersions.LastRebuild;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The groups projection for operators: its status, and blue/green rebuilds (see docs/rebuilds.md). */
@RestController
@RequestMapping(ProjectionAdminController.PATH)
class ProjectionAdminController {

    static final String PATH = "/admin/projections/groups";
    private static final Logger log = LoggerFactory.getLogger(ProjectionAdminController.class);

    private final ProjectionRebuilds rebuilds;

    private final RequestBodyReader bodies;

    ProjectionAdminController(ProjectionRebuilds rebuilds, RequestBodyReader bodies) {
        this.rebuilds = rebuilds;
        this.bodies = bodies;
    }

    @GetMapping
    Map<String, Object> status() {
        return json(rebuilds.status());
    }

    @PostMapping("/rebuild")
    ResponseEntity<Map<String, Object>> rebuild(@RequestAttribute(AdminKeyFilter.ADMIN_KEY_ID) String adminKeyId,
                                                HttpServletRequest request) throws IOException {
        bodies.requireNone(request);
        ProjectionStatus started = rebuilds.rebuild().orElseThrow(() -> {
            RebuildProgress running = rebuilds.status().rebuild();
            return new ApiException(ErrorCode.REBUILD_IN_PROGRESS, "A rebuild is already running ("
                    + (running == null ? "it just ended" : running.describe() + ", started " + running.startedAt())
                    + "); only one runs at a time. Follow it with GET " + PATH + ", or cancel it with DELETE "
                    + PATH + "/rebuild.");
        });
        log.info("Admin key {} started a rebuild of the groups projection into version {}", adminKeyId,
                started.rebuild().version());
        return ResponseEntity.accepted().location(URI.create(PATH)).body(json(started));
    }

    @DeleteMapping("/rebuild")
    Map<String, Object> cancel(@RequestAttribute(AdminKeyFilter.ADMIN_KEY_ID) String adminKeyId,
                               HttpServletRequest request) throws IOException {
        bodies.requireNone(request);
        ProjectionStatus before = rebuilds.status();
        ProjectionStatus after = rebuilds.cancel().orElseThrow(() -> new ApiException(ErrorCode.REBUILD_NOT_RUNNING,
                before.rebuild() == null
                ? "No rebuild is running, so there is nothing to cancel. Start one with POST " + PATH + "/rebuild."
                : "The running rebuild runs in another process; cancel it there."));
        log.info("Admin key {} cancelled the rebuild of the groups projection into version {}", adminKeyId,
                before.rebuild() == null ? "?" : before.rebuild().version());
        return json(after);
    }

    static Map<String, Object> json(ProjectionStatus status) {
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("version", status.liveVersion());
        live.put("collection", status.liveCollection());
        live.put("position", status.livePosition());
        live.put("lag", status.liveLag());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "projection");
        body.put("name", "groups");
        body.put("head", status.head());
        body.put("live", live);
        body.put("rebuild", status.rebuild() == null ? null : json(status.rebuild()));
        body.put("last_rebuild", status.lastRebuild() == null ? null : json(status.lastRebuild()));
        return body;
    }

    private static Map<String, Object> json(RebuildProgress progress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", progress.version());
        body.put("collection", progress.collection());
        body.put("state", progress.state());
        body.put("started_at", progress.startedAt().toString());
        body.put("events_processed", progress.eventsProcessed());
        body.put("position", progress.position());
        body.put("head", progress.head());
        body.put("percent", progress.percent());
        body.put("events_per_second", progress.eventsPerSecond());
        body.put("eta_seconds", progress.etaSeconds());
        body.put("last_error", progress.lastError());
        return body;
    }

    private static Map<String, Object> json(LastRebuild last) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", last.version());
        body.put("outcome", last.outcome());
        body.put("started_at", last.startedAt().toString());
        body.put("finished_at", last.finishedAt().toString());
        body.put("events_processed", last.eventsProcessed());
        return body;
    }
}
