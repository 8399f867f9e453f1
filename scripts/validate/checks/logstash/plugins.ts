// The Logstash plugins this checker knows, per section, with their settings and which are required.
// Source: the Logstash plugin reference (elastic/logstash-docs-md, docs/lsr/plugins-*.md), taking
// the settings the 8.15 line accepts: options that later plugin majors removed (e.g. the output's
// `cacert`, the beats input's `ssl`) are still listed, because 8.15.3 is the version deployed.
import type { SectionKind } from './ast.ts';

export interface PluginSpec {
  /** Settings besides the section's common ones. */
  options: readonly string[];
  required?: readonly string[];
  /** Settings that take one of a fixed list of values (the reference's "one of [...]"). */
  values?: Readonly<Record<string, readonly string[]>>;
}

const BOOLEAN = ['true', 'false'] as const;

/** Settings with the same fixed values in every plugin that has them. */
export const VALUES_BY_SETTING: Readonly<Record<string, readonly string[]>> = {
  ecs_compatibility: ['disabled', 'v1', 'v8'],
  enable_metric: BOOLEAN,
  ssl_enabled: BOOLEAN,
  manage_template: BOOLEAN,
  skip_on_invalid_json: BOOLEAN,
  http_compression: BOOLEAN,
  sniffing: BOOLEAN,
  break_on_match: BOOLEAN,
  enable_auto_commit: BOOLEAN,
  check_crcs: BOOLEAN,
  ssl_verification_mode: ['full', 'none'],
  ssl_client_authentication: ['none', 'optional', 'required'],
  security_protocol: ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'],
};

/** Settings every plugin of a section accepts (the reference's "Common options"). */
export const COMMON_OPTIONS: Record<SectionKind, readonly string[]> = {
  input: ['add_field', 'codec', 'enable_metric', 'id', 'tags', 'type'],
  filter: ['add_field', 'add_tag', 'enable_metric', 'id', 'periodic_flush', 'remove_field', 'remove_tag'],
  output: ['codec', 'enable_metric', 'id'],
};

const KAFKA_SECURITY = [
  'client_dns_lookup', 'connections_max_idle_ms', 'jaas_path', 'kerberos_config', 'metadata_max_age_ms',
  'receive_buffer_bytes', 'reconnect_backoff_ms', 'request_timeout_ms', 'retry_backoff_ms',
  'sasl_client_callback_handler_class', 'sasl_oauthbearer_token_endpoint_url', 'sasl_oauthbearer_scope_claim_name',
  'sasl_login_callback_handler_class', 'sasl_login_connect_timeout_ms', 'sasl_login_read_timeout_ms',
  'sasl_login_retry_backoff_ms', 'sasl_login_retry_backoff_max_ms', 'sasl_jaas_config', 'sasl_kerberos_service_name',
  'sasl_mechanism', 'security_protocol', 'send_buffer_bytes', 'ssl_endpoint_identification_algorithm',
  'ssl_key_password', 'ssl_keystore_location', 'ssl_keystore_password', 'ssl_keystore_type',
  'ssl_truststore_location', 'ssl_truststore_password', 'ssl_truststore_type', 'bootstrap_servers', 'client_id',
] as const;

/** Server-side TLS settings of the network inputs (beats, http, tcp). */
const INPUT_SSL = [
  'ssl_certificate', 'ssl_certificate_authorities', 'ssl_cipher_suites', 'ssl_client_authentication', 'ssl_enabled',
  'ssl_handshake_timeout', 'ssl_key', 'ssl_key_passphrase', 'ssl_supported_protocols',
] as const;

/** Client-side TLS settings of the HTTP-based outputs. */
const CLIENT_SSL = [
  'ssl_certificate', 'ssl_certificate_authorities', 'ssl_cipher_suites', 'ssl_enabled', 'ssl_key',
  'ssl_keystore_password', 'ssl_keystore_path', 'ssl_keystore_type', 'ssl_supported_protocols',
  'ssl_truststore_password', 'ssl_truststore_path', 'ssl_truststore_type', 'ssl_verification_mode',
] as const;

export const PLUGINS: Record<SectionKind, Record<string, PluginSpec>> = {
  input: {
    kafka: {
      options: [
        ...KAFKA_SECURITY, 'auto_commit_interval_ms', 'auto_create_topics', 'auto_offset_reset', 'check_crcs', 'client_rack',
        'consumer_threads', 'decorate_events', 'enable_auto_commit', 'exclude_internal_topics', 'fetch_max_bytes',
        'fetch_max_wait_ms', 'fetch_min_bytes', 'group_id', 'group_instance_id', 'heartbeat_interval_ms', 'isolation_level',
        'key_deserializer_class', 'max_partition_fetch_bytes', 'max_poll_interval_ms', 'max_poll_records',
        'partition_assignment_strategy', 'poll_timeout_ms', 'schema_registry_key', 'schema_registry_proxy',
        'schema_registry_secret', 'schema_registry_ssl_keystore_location', 'schema_registry_ssl_keystore_password',
        'schema_registry_ssl_keystore_type', 'schema_registry_ssl_truststore_location',
        'schema_registry_ssl_truststore_password', 'schema_registry_ssl_truststore_type', 'schema_registry_url',
        'schema_registry_validation', 'session_timeout_ms', 'topics', 'topics_pattern', 'value_deserializer_class',
      ],
      values: {
        auto_offset_reset: ['earliest', 'latest', 'none'],
        decorate_events: ['none', 'basic', 'extended', 'true', 'false'],
        isolation_level: ['read_uncommitted', 'read_committed'],
      },
    },
    beats: {
      options: [
        ...INPUT_SSL, 'add_hostname', 'client_inactivity_timeout', 'ecs_compatibility', 'enrich', 'event_loop_threads',
        'executor_threads', 'host', 'include_codec_tag', 'port',
        // deprecated in 6.x, still accepted by the beats input bundled with Logstash 8.15
        'ssl', 'ssl_peer_metadata', 'ssl_verify_mode', 'cipher_suites', 'tls_min_version', 'tls_max_version',
      ],
      required: ['port'],
    },
    stdin: { options: ['ecs_compatibility'] },
    file: {
      options: [
        'check_archive_validity', 'close_older', 'delimiter', 'discover_interval', 'ecs_compatibility', 'exclude',
        'exit_after_read', 'file_chunk_count', 'file_chunk_size', 'file_completed_action', 'file_completed_log_path',
        'file_sort_by', 'file_sort_direction', 'ignore_older', 'max_open_files', 'mode', 'path', 'sincedb_clean_after',
        'sincedb_path', 'sincedb_write_interval', 'start_position', 'stat_interval',
      ],
      required: ['path'],
      values: { mode: ['tail', 'read'], start_position: ['beginning', 'end'], file_sort_direction: ['asc', 'desc'] },
    },
    http: {
      options: [
        ...INPUT_SSL, 'additional_codecs', 'ecs_compatibility', 'host', 'max_content_length', 'max_pending_requests',
        'password', 'port', 'remote_host_target_field', 'request_headers_target_field', 'response_code',
        'response_headers', 'ssl_keystore_password', 'ssl_keystore_path', 'ssl_keystore_type', 'ssl_truststore_password',
        'ssl_truststore_path', 'ssl_truststore_type', 'threads', 'user',
        // deprecated, still accepted in 8.15
        'cipher_suites', 'keystore', 'keystore_password', 'ssl', 'ssl_verify_mode', 'tls_max_version', 'tls_min_version',
        'verify_mode',
      ],
    },
    tcp: {
      options: [
        ...INPUT_SSL, 'dns_reverse_lookup_enabled', 'ecs_compatibility', 'host', 'mode', 'port', 'proxy_protocol',
        'ssl_extra_chain_certs', 'ssl_verification_mode', 'tcp_keep_alive',
        // deprecated, still accepted in 8.15
        'ssl_cert', 'ssl_enable', 'ssl_verify',
      ],
      required: ['port'],
      values: { mode: ['server', 'client'] },
    },
    udp: {
      options: ['buffer_size', 'ecs_compatibility', 'host', 'port', 'queue_size', 'receive_buffer_bytes', 'source_ip_fieldname', 'workers'],
      required: ['port'],
    },
    generator: { options: ['count', 'ecs_compatibility', 'lines', 'message', 'threads'] },
    heartbeat: { options: ['count', 'ecs_compatibility', 'interval', 'message', 'sequence', 'threads'] },
  },
  filter: {
    json: { options: ['ecs_compatibility', 'skip_on_invalid_json', 'source', 'tag_on_failure', 'target'], required: ['source'] },
    mutate: {
      options: [
        'capitalize', 'coerce', 'convert', 'copy', 'gsub', 'join', 'lowercase', 'merge', 'rename', 'replace', 'split',
        'strip', 'tag_on_failure', 'update', 'uppercase',
      ],
    },
    date: { options: ['locale', 'match', 'tag_on_failure', 'target', 'timezone'], required: ['match'] },
    grok: {
      options: [
        'break_on_match', 'ecs_compatibility', 'keep_empty_captures', 'match', 'named_captures_only', 'overwrite',
        'pattern_definitions', 'patterns_dir', 'patterns_files_glob', 'tag_on_failure', 'tag_on_timeout', 'target',
        'timeout_millis', 'timeout_scope',
      ],
    },
    ruby: { options: ['code', 'init', 'path', 'script_params', 'tag_on_exception', 'tag_with_exception_message'] },
    drop: { options: ['percentage'] },
    prune: { options: ['blacklist_names', 'blacklist_values', 'interpolate', 'whitelist_names', 'whitelist_values'] },
    fingerprint: {
      options: ['base64encode', 'concatenate_all_fields', 'concatenate_sources', 'ecs_compatibility', 'key', 'method', 'source', 'target'],
      values: { method: ['SHA1', 'SHA256', 'SHA384', 'SHA512', 'MD5', 'MURMUR3', 'MURMUR3_128', 'IPV4_NETWORK', 'UUID', 'PUNCTUATION'] },
    },
    geoip: {
      options: ['cache_size', 'database', 'default_database_type', 'ecs_compatibility', 'fields', 'source', 'tag_on_failure', 'target'],
      required: ['source'],
    },
    useragent: { options: ['ecs_compatibility', 'lru_cache_size', 'prefix', 'regexes', 'source', 'target'], required: ['source'] },
    kv: {
      options: [
        'allow_duplicate_values', 'allow_empty_values', 'default_keys', 'ecs_compatibility', 'exclude_keys', 'field_split',
        'field_split_pattern', 'include_brackets', 'include_keys', 'prefix', 'recursive', 'remove_char_key',
        'remove_char_value', 'source', 'tag_on_failure', 'tag_on_timeout', 'target', 'timeout_millis', 'transform_key',
        'transform_value', 'trim_key', 'trim_value', 'value_split', 'value_split_pattern', 'whitespace',
      ],
    },
    split: { options: ['field', 'target', 'terminator'] },
    dissect: { options: ['convert_datatype', 'mapping', 'tag_on_failure'] },
    translate: {
      options: [
        'destination', 'dictionary', 'dictionary_path', 'ecs_compatibility', 'exact', 'fallback', 'field', 'iterate_on',
        'override', 'refresh_behaviour', 'refresh_interval', 'regex', 'source', 'target', 'yaml_dictionary_code_point_limit',
        'yaml_load_strategy',
      ],
    },
  },
  output: {
    elasticsearch: {
      options: [
        ...CLIENT_SSL, 'action', 'api_key', 'bulk_path', 'ca_trusted_fingerprint', 'cloud_auth', 'cloud_id',
        'compression_level', 'custom_headers', 'data_stream', 'data_stream_auto_routing', 'data_stream_dataset',
        'data_stream_namespace', 'data_stream_sync_fields', 'data_stream_type', 'dlq_custom_codes',
        'dlq_on_failed_indexname_interpolation', 'doc_as_upsert', 'document_id', 'document_type', 'ecs_compatibility',
        'failure_type_logging_whitelist', 'healthcheck_path', 'hosts', 'http_compression', 'ilm_enabled', 'ilm_pattern',
        'ilm_policy', 'ilm_rollover_alias', 'index', 'manage_template', 'parameters', 'parent', 'password', 'path',
        'pipeline', 'pool_max', 'pool_max_per_route', 'proxy', 'resurrect_delay', 'retry_initial_interval',
        'retry_max_interval', 'retry_on_conflict', 'routing', 'script', 'script_lang', 'script_type', 'script_var_name',
        'scripted_upsert', 'silence_errors_in_log', 'sniffing', 'sniffing_delay', 'sniffing_path', 'template',
        'template_api', 'template_name', 'template_overwrite', 'timeout', 'upsert', 'user', 'validate_after_inactivity',
        'version', 'version_type',
        // deprecated in the 11.x output bundled with Logstash 8.15, removed in 12.0
        'cacert', 'keystore', 'keystore_password', 'ssl', 'ssl_certificate_verification', 'truststore', 'truststore_password',
      ],
      values: {
        data_stream: ['true', 'false', 'auto'],
        ilm_enabled: ['true', 'false', 'auto'],
        template_api: ['auto', 'legacy', 'composable'],
        version_type: ['internal', 'external', 'external_gt', 'external_gte', 'force'],
      },
    },
    stdout: { options: [] },
    file: {
      options: ['create_if_deleted', 'dir_mode', 'file_mode', 'filename_failure', 'flush_interval', 'gzip', 'path', 'stale_cleanup_interval', 'write_behavior'],
      required: ['path'],
    },
    kafka: {
      options: [
        ...KAFKA_SECURITY, 'acks', 'batch_size', 'buffer_memory', 'compression_type', 'key_serializer', 'linger_ms',
        'max_request_size', 'message_headers', 'message_key', 'metadata_fetch_timeout_ms', 'partitioner', 'retries',
        'topic_id', 'value_serializer',
      ],
      required: ['topic_id'],
      values: { acks: ['0', '1', 'all'], compression_type: ['none', 'gzip', 'snappy', 'lz4', 'zstd'] },
    },
    http: {
      options: [
        ...CLIENT_SSL, 'automatic_retries', 'connect_timeout', 'content_type', 'cookies', 'follow_redirects', 'format',
        'headers', 'http_compression', 'http_method', 'ignorable_codes', 'keepalive', 'mapping', 'message', 'pool_max',
        'pool_max_per_route', 'proxy', 'request_timeout', 'retry_failed', 'retry_non_idempotent', 'retryable_codes',
        'socket_timeout', 'url', 'validate_after_inactivity',
        // deprecated, still accepted in 8.15
        'cacert', 'client_cert', 'client_key', 'keystore', 'keystore_password', 'keystore_type', 'truststore',
        'truststore_password', 'truststore_type',
      ],
      required: ['url', 'http_method'],
      values: { http_method: ['put', 'post', 'patch', 'delete', 'get', 'head'], format: ['json', 'json_batch', 'form', 'message'] },
    },
    null: { options: [] },
  },
};

/** Codecs, for `codec => name` and `codec => name { ... }` (their settings are not checked). */
export const CODECS: readonly string[] = [
  'avro', 'cef', 'cloudfront', 'cloudtrail', 'collectd', 'csv', 'dots', 'edn', 'edn_lines', 'es_bulk', 'fluent',
  'graphite', 'gzip_lines', 'java_line', 'java_plain', 'jdots', 'json', 'json_lines', 'line', 'msgpack', 'multiline',
  'netflow', 'nmap', 'plain', 'protobuf', 'rubydebug',
];
