/** What the hub and the agent say to each other about jobs; its API speaks Jackson's tree model. */
module tillbridge.contract {
    requires transitive com.fasterxml.jackson.databind;

    exports tillbridge.contract;
}
