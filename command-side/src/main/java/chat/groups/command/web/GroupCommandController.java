package chat.groups.command.web;

import static chat.groups.common.auth.ApiKeyFilter.ACCOUNT;

import chat.groups.api.ArchiveGroupCommand;
import chat.groups.api.CreateGroupCommand;
import chat.groups.api.DeleteGroupCommand;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupView;
import chat.groups.api.MetadataKeys;
import chat.groups.api.PublicIds;
import chat.groups.api.Rejection;
import chat.groups.api.RemoveContactCommand;
import chat.groups.api.UnarchiveGroupCommand;
import chat.groups.api.UpdateGroupCommand;
import chat.groups.common.audit.AuditMetadata;
import chat.groups.common.crypto.GroupKeyStore;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.Outages;
import chat.groups.command.web.ReadYourWrites.Watch;
import chat.groups.command.web.ReadYourWrites.Written;
import chat.groups.common.history.GroupHistory;
import chat.groups.common.json.DeletedJson;
import chat.groups.common.json.ETags;
import chat.groups.common.json.GroupJson;
import chat.groups.common.request.Params;
import chat.groups.common.request.RequestBodyReader;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.HandlerExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/** The write endpoints. Each sends one command, then answers with the group as reads will show it. */
@RestController
@RequestMapping("/v1/groups")
class GroupCommandController {

    private static final Logger log = LoggerFactory.getLogger(GroupCommandController.class);

    /** Set to {@code pending} on a write that was stored but that reads may not show yet. */
    static final String READ_VISIBILITY = "Read-Visibility";

    private final CommandGateway commands;
    private final RequestBodyReader bodies;
    private final ReadYourWrites reads;
    private final GroupKeyStore keys;
    private final GroupHistory history;
    private final IdempotentCreates idempotentCreates;
    private final OneWriteAtATime oneWriteAtATime;
    private final IdempotencyKeys idempotencyKeys;
    private final Duration commandTimeout;

    GroupCommandController(CommandGateway commands, RequestBodyReader bodies, ReadYourWrites reads, GroupKeyStore keys,
                           GroupHistory history, IdempotentCreates idempotentCreates, OneWriteAtATime oneWriteAtATime,
                           IdempotencyKeys idempotencyKeys, @Value("${groups.commands.timeout}") Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
        this.idempotencyKeys = idempotencyKeys;
        this.commands = commands;
        this.bodies = bodies;
        this.reads = reads;
        this.keys = keys;
        this.history = history;
        this.idempotentCreates = idempotentCreates;
        this.oneWriteAtATime = oneWriteAtATime;
    }

    @PostMapping
    ResponseEntity<GroupJson> create(@RequestAttribute(ACCOUNT) String accountId, HttpServletRequest request)
            throws IOException {
        Params body = bodies.read(request);
        Instant now = now();
        CreateGroupCommand checked = GroupInput.create(body, PublicIds.random(), accountId, now);
        String key = AuditMetadata.idempotencyKey(request);
        claimKey(accountId, request, body);
        Function<CreateGroupCommand, Written> create = command -> {
            try (Watch watch = reads.watchNew(accountId, command.groupId())) {
                send(command, request, body);
                return watch.atVersion(0);
            }
        };
        Written written = key == null ? create.apply(checked)
                : idempotentCreates.createOnce(accountId, key, AuditMetadata.fingerprint(request, body),
                        groupId -> GroupInput.create(body, groupId, accountId, now), create);
        GroupView group = written.group();
        return visibility(ResponseEntity.created(URI.create("/v1/groups/" + group.id())), written.visible())
                .eTag(ETags.of(group.version())).body(GroupJson.of(group));
    }

    @PutMapping("/{id}")
    ResponseEntity<GroupJson> update(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                     HttpServletRequest request) throws IOException {
        requireWellFormed(id);
        Params body = bodies.read(request);
        UpdateGroupCommand command = GroupInput.update(body, id, accountId, now(), ifMatch(request));
        claimKey(accountId, request, body);
        try (Watch watch = reads.watch(accountId, id)) {
            long version = send(command, request, body);
            return withETag(answer(watch, id, version, request));
        }
    }

    /** Adds members; serialized by the aggregate, so it needs no If-Match to be safe against concurrent changes. */
    @PostMapping("/{id}/contacts")
    ResponseEntity<GroupJson> addContacts(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                          HttpServletRequest request) throws IOException {
        requireWellFormed(id);
        Params body = bodies.read(request);
        claimKey(accountId, request, body);
        try (Watch watch = reads.watch(accountId, id)) {
            long version = send(GroupInput.addContacts(body, id, accountId, ifMatch(request)), request, body);
            return withETag(answer(watch, id, version, request));
        }
    }

    /** Removes the member that {@code contact} names (its id, else its username). */
    @DeleteMapping("/{id}/contacts/{contact}")
    ResponseEntity<GroupJson> removeContact(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                            @PathVariable String contact, HttpServletRequest request)
            throws IOException {
        requireWellFormed(id);
        bodies.requireNone(request);
        claimKey(accountId, request, null);
        try (Watch watch = reads.watch(accountId, id)) {
            long version = send(new RemoveContactCommand(id, accountId, contact, ifMatch(request)), request, null);
            return withETag(answer(watch, id, version, request));
        }
    }

    @PostMapping("/{id}/archive")
    ResponseEntity<GroupJson> archive(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                      HttpServletRequest request) throws IOException {
        requireWellFormed(id);
        bodies.requireNone(request);
        claimKey(accountId, request, null);
        try (Watch watch = reads.watch(accountId, id)) {
            long version = send(new ArchiveGroupCommand(id, accountId, now(), ifMatch(request)), request, null);
            return withETag(answer(watch, id, version, request));
        }
    }

    @PostMapping("/{id}/unarchive")
    ResponseEntity<GroupJson> unarchive(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                        HttpServletRequest request) throws IOException {
        requireWellFormed(id);
        bodies.requireNone(request);
        claimKey(accountId, request, null);
        try (Watch watch = reads.watch(accountId, id)) {
            long version = send(new UnarchiveGroupCommand(id, accountId, ifMatch(request)), request, null);
            return withETag(answer(watch, id, version, request));
        }
    }

    @DeleteMapping("/{id}")
    ResponseEntity<DeletedJson> delete(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                       HttpServletRequest request) throws IOException {
        requireWellFormed(id);
        bodies.requireNone(request);
        claimKey(accountId, request, null);
        try (Watch watch = reads.watch(accountId, id)) {
            try {
                send(new DeleteGroupCommand(id, accountId, now(), ifMatch(request)), request, null);
            } catch (HandlerExecutionException notFound) {
                if (!isRetriedDeletion(accountId, id, request, notFound)) {
                    throw notFound;
                }
            }
            // The deletion event is stored: destroying the key now crypto-shreds the group's content in the
            // event store. (The query side's KeyShredder does it too, should this process die right here.)
            destroyKey(id);
            return visibility(ResponseEntity.ok(), watch.deleted()).body(new DeletedJson(id, true));
        }
    }

    /**
     * The group as the write left it. With an Idempotency-Key that is exactly the version the
     * write produced (replayed from the event store), so a retry answers what the first request
     * answered even if the group changed since; otherwise the read model's view, once it shows it.
     */
    private Written answer(Watch watch, String id, long version, HttpServletRequest request) {
        Written current = watch.atVersion(version);
        if (AuditMetadata.idempotencyKey(request) == null || current.group().version() == version) {
            return current;
        }
        return new Written(GroupHistory.fold(history.events(id), event -> event.getSequenceNumber() <= version).view(),
                current.visible());
    }

    private void destroyKey(String id) {
        try {
            keys.destroy(id);
        } catch (RuntimeException e) {
            if (!Outages.isOutage(e)) {
                throw e;
            }
            log.warn("Group {} is deleted; its key could not be destroyed now ({}). The key shredder of the query "
                    + "side destroys it once the key store is back.", id, Outages.describe(e));
        }
    }

    /** A retried DELETE finds the group gone: if its own key deleted it, answer as the first time. */
    private boolean isRetriedDeletion(String accountId, String id, HttpServletRequest request,
                                      HandlerExecutionException failure) {
        String key = AuditMetadata.idempotencyKey(request);
        if (key == null || Rejection.of(failure).map(r -> r.reason() != Rejection.Reason.GROUP_NOT_FOUND).orElse(true)) {
            return false;
        }
        return history.of(accountId, id)
                .map(events -> events.get(events.size() - 1))
                .filter(last -> last.getPayload() instanceof GroupDeletedEvent)
                .filter(last -> key.equals(last.getMetaData().get(MetadataKeys.IDEMPOTENCY_KEY)))
                .filter(last -> AuditMetadata.fingerprint(request, null)
                        .equals(last.getMetaData().get(MetadataKeys.IDEMPOTENCY_FINGERPRINT)))
                .filter(last -> last.getTimestamp().isAfter(Instant.now().minus(MetadataKeys.IDEMPOTENCY_WINDOW)))
                .isPresent();
    }

    /** With an Idempotency-Key, claims it for this request (422 if it served another one), once the input is valid. */
    private void claimKey(String accountId, HttpServletRequest request, Params body) {
        String key = AuditMetadata.idempotencyKey(request);
        if (key != null) {
            idempotencyKeys.claim(accountId, key, AuditMetadata.fingerprint(request, body),
                    request.getMethod() + " " + request.getRequestURI());
        }
    }

    private static Long ifMatch(HttpServletRequest request) {
        return ETags.expectedVersion(request.getHeader(HttpHeaders.IF_MATCH));
    }

    private static ResponseEntity<GroupJson> withETag(Written written) {
        GroupView group = written.group();
        return visibility(ResponseEntity.ok(), written.visible()).eTag(ETags.of(group.version())).body(GroupJson.of(group));
    }

    /**
     * A stored write whose result reads do not show yet (the read model is down or lagging)
     * still succeeds; this header tells the client that its next read may not show it yet.
     */
    private static ResponseEntity.BodyBuilder visibility(ResponseEntity.BodyBuilder answer, boolean visible) {
        return visible ? answer : answer.header(READ_VISIBILITY, "pending");
    }

    /**
     * Sends the command with who asked and how (account, key id, request id, idempotency key and
     * what it asked for) as metadata. {@code body}: the request's parameters, null when it has none.
     */
    private <R> R send(Object command, HttpServletRequest request, Params body) {
        Supplier<R> send = () -> {
            try {
                return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(AuditMetadata.of(request, body)), commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                if (Outages.isOutage(e) && Rejection.of(e).isEmpty()) {
                    throw Outages.writeNotConfirmed(e);
                }
                throw e;
            }
        };
        Object groupId = command instanceof CreateGroupCommand ? null
                : ((Map<?, ?>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)).get("id");
        return groupId == null ? send.get() : oneWriteAtATime.run(groupId.toString(), send);
    }

    /** A malformed id names no group: answer 404 without bothering the aggregate. */
    private static void requireWellFormed(String id) {
        if (!PublicIds.isWellFormed(id)) {
            throw ApiException.groupNotFound(Rejection.groupNotFound(id).message());
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
