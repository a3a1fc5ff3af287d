/** Connector configs and the code that fills and deploys them. */
package io.tidemark.configs;
