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
import chat.groups.api.UnarchiveGroupCommand;
import chat.groups.common.audit.AuditMetadata;
import chat.groups.common.crypto.GroupKeyStore;
import chat.groups.common.error.ApiException;
import chat.groups.common.history.GroupHistory;
import chat.groups.common.json.DeletedJson;
import chat.groups.common.json.ETags;
import chat.groups.common.json.GroupJson;
import chat.groups.common.request.Params;
import chat.groups.common.request.RequestBodyReader;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.HandlerExecutionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The write endpoints. Each sends one command, then answers with the group as reads will show it. */
@RestController
@RequestMapping("/v1/groups")
class GroupCommandController {

    private final CommandGateway commands;
    private final RequestBodyReader bodies;
    private final ReadYourWrites reads;
    private final GroupKeyStore keys;
    private final GroupHistory history;
    private final IdempotentCreates idempotentCreates;

    GroupCommandController(CommandGateway commands, RequestBodyReader bodies, ReadYourWrites reads, GroupKeyStore keys,
                           GroupHistory history, IdempotentCreates idempotentCreates) {
        this.commands = commands;
        this.bodies = bodies;
        this.reads = reads;
        this.keys = keys;
        this.history = history;
        this.idempotentCreates = idempotentCreates;
    }

    @PostMapping
    ResponseEntity<GroupJson> create(@RequestAttribute(ACCOUNT) String accountId, HttpServletRequest request)
            throws IOException {
        Params body = bodies.read(request);
        Instant now = now();
        CreateGroupCommand checked = GroupInput.create(body, PublicIds.random(), accountId, now);
        String key = AuditMetadata.idempotencyKey(request);
        Function<CreateGroupCommand, GroupView> create = command -> {
            send(command, request, body);
            return reads.atVersion(accountId, command.groupId(), 0);
        };
        GroupView group = key == null ? create.apply(checked)
                : idempotentCreates.createOnce(accountId, key, AuditMetadata.fingerprint(request, body),
                        groupId -> GroupInput.create(body, groupId, accountId, now), create);
        return ResponseEntity.created(URI.create("/v1/groups/" + group.id())).eTag(ETags.of(group.version()))
                .body(GroupJson.of(group));
    }

    @PutMapping("/{id}")
    ResponseEntity<GroupJson> update(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                     HttpServletRequest request) throws IOException {
        requireWellFormed(id);
        Params body = bodies.read(request);
        long version = send(GroupInput.update(body, id, accountId, now(), ifMatch(request)), request, body);
        return withETag(answer(accountId, id, version, request));
    }

    @PostMapping("/{id}/archive")
    ResponseEntity<GroupJson> archive(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                      HttpServletRequest request) {
        requireWellFormed(id);
        long version = send(new ArchiveGroupCommand(id, accountId, now(), ifMatch(request)), request, null);
        return withETag(answer(accountId, id, version, request));
    }

    @PostMapping("/{id}/unarchive")
    ResponseEntity<GroupJson> unarchive(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                        HttpServletRequest request) {
        requireWellFormed(id);
        long version = send(new UnarchiveGroupCommand(id, accountId, ifMatch(request)), request, null);
        return withETag(answer(accountId, id, version, request));
    }

    @DeleteMapping("/{id}")
    DeletedJson delete(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id, HttpServletRequest request) {
        requireWellFormed(id);
        try {
            send(new DeleteGroupCommand(id, accountId, now(), ifMatch(request)), request, null);
        } catch (HandlerExecutionException notFound) {
            if (!isRetriedDeletion(accountId, id, request, notFound)) {
                throw notFound;
            }
        }
        // The deletion event is stored: destroying the key now crypto-shreds the group's content in the
        // event store. (The query side's KeyShredder does it too, should this process die right here.)
        keys.destroy(id);
        reads.deleted(accountId, id);
        return new DeletedJson(id, true);
    }

    /**
     * The group as the write left it. With an Idempotency-Key that is exactly the version the
     * write produced (replayed from the event store), so a retry answers what the first request
     * answered even if the group changed since; otherwise the read model's view, once it shows it.
     */
    private GroupView answer(String accountId, String id, long version, HttpServletRequest request) {
        GroupView current = reads.atVersion(accountId, id, version);
        if (AuditMetadata.idempotencyKey(request) == null || current.version() == version) {
            return current;
        }
        return GroupHistory.fold(history.events(id), event -> event.getSequenceNumber() <= version).view();
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

    private static Long ifMatch(HttpServletRequest request) {
        return ETags.expectedVersion(request.getHeader(HttpHeaders.IF_MATCH));
    }

    private static ResponseEntity<GroupJson> withETag(GroupView group) {
        return ResponseEntity.ok().eTag(ETags.of(group.version())).body(GroupJson.of(group));
    }

    /**
     * Sends the command with who asked and how (account, key id, request id, idempotency key and
     * what it asked for) as metadata. {@code body}: the request's parameters, null when it has none.
     */
    private <R> R send(Object command, HttpServletRequest request, Params body) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(AuditMetadata.of(request, body)));
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
