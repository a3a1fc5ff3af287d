/** Code shared by every Tidemark plugin. */
package io.tidemark.common;
