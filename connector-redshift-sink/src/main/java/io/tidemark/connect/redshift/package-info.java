/** The Redshift sink connector through the Redshift Data API (issue: Redshift sink). */
package io.tidemark.connect.redshift;
