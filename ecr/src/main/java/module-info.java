/** The cash-register side of ECR-EFT: the library (EcrSession through Terminal) and the ecr command line. */
module tillbridge.ecr {
    requires transitive tillbridge.protocol;
    requires tillbridge.common;
    requires tillbridge.link;
    requires info.picocli;
    requires org.slf4j;

    exports tillbridge.ecr;
    // picocli reads and sets the commands' annotated fields by reflection
    opens tillbridge.ecr.cli to info.picocli;
}
