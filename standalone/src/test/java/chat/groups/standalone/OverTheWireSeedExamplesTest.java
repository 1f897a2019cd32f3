package chat.groups.standalone;

import chat.groups.standalone.support.TestServer;

/**
 * Every example of the API reference again, with every command, query, answer and
 * subscription update put through axon-server-connector's conversions: what the split
 * deployment does to them on their way through Axon Server.
 */
class OverTheWireSeedExamplesTest extends SeedExamplesTest {

    @Override
    TestServer server() {
        return TestServer.sharedOverTheWire();
    }
}
