/**
 * The statement runner port ({@link io.tidemark.connect.redshift.dataapi.StatementRunner}) and its
 * adapter on the AWS SDK's Redshift Data API client, with the one error classifier ({@link
 * io.tidemark.connect.redshift.dataapi.DataApiErrors}).
 */
package io.tidemark.connect.redshift.dataapi;
