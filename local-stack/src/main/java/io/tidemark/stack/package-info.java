/** The local stack of real components, its launcher and its JUnit 5 test kit. */
package io.tidemark.stack;
