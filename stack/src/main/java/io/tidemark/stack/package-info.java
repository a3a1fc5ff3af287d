/**
 * The local stack of real components on loopback. The AWS stand-ins, the JUnit 5 test kit and the
 * command line are the modules aws-standins, test-kit and cli (in this and other packages).
 */
package io.tidemark.stack;
