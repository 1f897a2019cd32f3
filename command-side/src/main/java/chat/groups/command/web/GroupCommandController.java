package chat.groups.command.web;

import static chat.groups.common.auth.ApiKeyFilter.ACCOUNT;

import chat.groups.api.ArchiveGroupCommand;
import chat.groups.api.CreateGroupCommand;
import chat.groups.api.DeleteGroupCommand;
import chat.groups.api.PublicIds;
import chat.groups.api.Rejection;
import chat.groups.api.UnarchiveGroupCommand;
import chat.groups.common.audit.AuditMetadata;
import chat.groups.common.crypto.GroupKeyStore;
import chat.groups.common.error.ApiException;
import chat.groups.common.json.DeletedJson;
import chat.groups.common.json.GroupJson;
import chat.groups.common.request.RequestBodyReader;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
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

    GroupCommandController(CommandGateway commands, RequestBodyReader bodies, ReadYourWrites reads, GroupKeyStore keys) {
        this.commands = commands;
        this.bodies = bodies;
        this.reads = reads;
        this.keys = keys;
    }

    @PostMapping
    ResponseEntity<GroupJson> create(@RequestAttribute(ACCOUNT) String accountId, HttpServletRequest request)
            throws IOException {
        CreateGroupCommand command = GroupInput.create(bodies.read(request), PublicIds.random(), accountId, now());
        send(command, request);
        GroupJson group = GroupJson.of(reads.atVersion(accountId, command.groupId(), 0));
        return ResponseEntity.created(URI.create("/v1/groups/" + group.id())).body(group);
    }

    @PutMapping("/{id}")
    GroupJson update(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id, HttpServletRequest request)
            throws IOException {
        requireWellFormed(id);
        long version = send(GroupInput.update(bodies.read(request), id, accountId, now()), request);
        return GroupJson.of(reads.atVersion(accountId, id, version));
    }

    @PostMapping("/{id}/archive")
    GroupJson archive(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id, HttpServletRequest request) {
        requireWellFormed(id);
        long version = send(new ArchiveGroupCommand(id, accountId, now()), request);
        return GroupJson.of(reads.atVersion(accountId, id, version));
    }

    @PostMapping("/{id}/unarchive")
    GroupJson unarchive(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id, HttpServletRequest request) {
        requireWellFormed(id);
        long version = send(new UnarchiveGroupCommand(id, accountId), request);
        return GroupJson.of(reads.atVersion(accountId, id, version));
    }

    @DeleteMapping("/{id}")
    DeletedJson delete(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id, HttpServletRequest request) {
        requireWellFormed(id);
        send(new DeleteGroupCommand(id, accountId, now()), request);
        // The deletion event is stored: destroying the key now crypto-shreds the group's content in the
        // event store. (The query side's KeyShredder does it too, should this process die right here.)
        keys.destroy(id);
        reads.deleted(accountId, id);
        return new DeletedJson(id, true);
    }

    /** Sends the command with who asked and how (account, key id, request id, idempotency key) as metadata. */
    private <R> R send(Object command, HttpServletRequest request) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(AuditMetadata.of(request)));
    }

    /** A malformed id names no group: answer 404 without bothering the aggregate. */
    private static void requireWellFormed(String id) {
        if (!PublicIds.isWellFormed(id)) {
            throw ApiException.notFound(Rejection.groupNotFound(id).message());
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
