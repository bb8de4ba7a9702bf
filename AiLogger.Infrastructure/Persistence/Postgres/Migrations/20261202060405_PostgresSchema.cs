using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PostgresSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:CollationDefinition:ailogger_nocase", "und-u-ks-level2,und-u-ks-level2,icu,False");

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastSignInAt = table.Column<long>(type: "bigint", nullable: true),
                    IsDisabled = table.Column<bool>(type: "boolean", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "alert_channels",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    url = table.Column<string>(type: "text", nullable: true),
                    secret = table.Column<string>(type: "text", nullable: true),
                    smtp_host = table.Column<string>(type: "text", nullable: true),
                    smtp_port = table.Column<int>(type: "integer", nullable: true),
                    smtp_security = table.Column<string>(type: "text", nullable: true),
                    smtp_user = table.Column<string>(type: "text", nullable: true),
                    smtp_password = table.Column<string>(type: "text", nullable: true),
                    email_from = table.Column<string>(type: "text", nullable: true),
                    email_to = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    last_attempt_at = table.Column<long>(type: "bigint", nullable: true),
                    last_success_at = table.Column<long>(type: "bigint", nullable: true),
                    last_failure_at = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_channels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "alert_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    kind = table.Column<string>(type: "text", nullable: false),
                    query = table.Column<string>(type: "text", nullable: false),
                    group_by = table.Column<string>(type: "text", nullable: true),
                    window_ticks = table.Column<long>(type: "bigint", nullable: false),
                    comparison = table.Column<string>(type: "text", nullable: false),
                    threshold = table.Column<double>(type: "double precision", nullable: false),
                    for_ticks = table.Column<long>(type: "bigint", nullable: false),
                    cooldown_ticks = table.Column<long>(type: "bigint", nullable: false),
                    repeat = table.Column<bool>(type: "boolean", nullable: false),
                    notify_on_resolve = table.Column<bool>(type: "boolean", nullable: false),
                    severity = table.Column<string>(type: "text", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    channels = table.Column<string>(type: "text", nullable: false),
                    model = table.Column<string>(type: "text", nullable: true),
                    metric = table.Column<string>(type: "text", nullable: true),
                    @class = table.Column<string>(name: "class", type: "text", nullable: true),
                    feature = table.Column<string>(type: "text", nullable: true),
                    silenced_until = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    last_evaluated_at = table.Column<long>(type: "bigint", nullable: true),
                    last_value = table.Column<double>(type: "double precision", nullable: true),
                    last_note = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    rule_id = table.Column<long>(type: "bigint", nullable: false),
                    rule_name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    severity = table.Column<string>(type: "text", nullable: false),
                    group_by = table.Column<string>(type: "text", nullable: true),
                    group_key = table.Column<string>(type: "text", nullable: true),
                    state = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    fired_value = table.Column<double>(type: "double precision", nullable: false),
                    threshold = table.Column<double>(type: "double precision", nullable: false),
                    comparison = table.Column<string>(type: "text", nullable: false),
                    window_ticks = table.Column<long>(type: "bigint", nullable: false),
                    condition = table.Column<string>(type: "text", nullable: false),
                    started_at = table.Column<long>(type: "bigint", nullable: false),
                    resolved_at = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    last_notified_at = table.Column<long>(type: "bigint", nullable: true),
                    notifications = table.Column<int>(type: "integer", nullable: false),
                    acknowledged_by = table.Column<string>(type: "text", nullable: true),
                    acknowledged_at = table.Column<long>(type: "bigint", nullable: true),
                    samples = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    scopes = table.Column<int>(type: "integer", nullable: false),
                    minimum_level = table.Column<int>(type: "integer", nullable: true),
                    applied_properties = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    last_used_at = table.Column<long>(type: "bigint", nullable: true),
                    revoked_at = table.Column<long>(type: "bigint", nullable: true),
                    events_ingested = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_sources",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    path = table.Column<string>(type: "text", nullable: false),
                    pattern = table.Column<string>(type: "text", nullable: false),
                    format = table.Column<string>(type: "text", nullable: false),
                    event_source = table.Column<string>(type: "text", nullable: true),
                    time_zone = table.Column<string>(type: "text", nullable: true),
                    regex = table.Column<string>(type: "text", nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_sources", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    path = table.Column<string>(type: "text", nullable: false),
                    source_key = table.Column<string>(type: "text", nullable: true),
                    source_name = table.Column<string>(type: "text", nullable: true),
                    format = table.Column<string>(type: "text", nullable: false),
                    event_source = table.Column<string>(type: "text", nullable: true),
                    time_zone = table.Column<string>(type: "text", nullable: true),
                    regex = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    fingerprint = table.Column<string>(type: "text", nullable: true),
                    fingerprint_length = table.Column<int>(type: "integer", nullable: false),
                    compressed = table.Column<bool>(type: "boolean", nullable: false),
                    total_bytes = table.Column<long>(type: "bigint", nullable: false),
                    bytes_read = table.Column<long>(type: "bigint", nullable: false),
                    read_offset = table.Column<long>(type: "bigint", nullable: false),
                    line_number = table.Column<long>(type: "bigint", nullable: false),
                    lines_read = table.Column<long>(type: "bigint", nullable: false),
                    events_imported = table.Column<long>(type: "bigint", nullable: false),
                    lines_rejected = table.Column<long>(type: "bigint", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: true),
                    finished_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "log_blocks",
                columns: table => new
                {
                    block = table.Column<long>(type: "bigint", nullable: false),
                    min_ts = table.Column<long>(type: "bigint", nullable: false),
                    max_ts = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_blocks", x => x.block);
                });

            // Partitioned by day (declarative, on the timestamp in ticks), so retention drops whole partitions; the
            // writer creates each day's partition before its first row. A partition's unique keys must hold the
            // partition column, hence (id, timestamp). "search" is the keyword index's document: the writer tokenises
            // message and exception as SQLite's FTS5 (unicode61) does and sends the positions.
            migrationBuilder.Sql("""
                CREATE TABLE log_events (
                    id bigint NOT NULL,
                    timestamp bigint NOT NULL,
                    level integer NOT NULL,
                    message text NOT NULL,
                    source text COLLATE ailogger_nocase NULL,
                    exception text NULL,
                    trace_id text NULL,
                    span_id text NULL,
                    parent_span_id text NULL,
                    event_type text COLLATE ailogger_nocase NULL,
                    properties json NULL,
                    tags json NULL,
                    template_id bigint NULL,
                    search tsvector NULL,
                    CONSTRAINT "PK_log_events" PRIMARY KEY (id, timestamp)
                ) PARTITION BY RANGE (timestamp);
                CREATE INDEX ix_log_events_id ON log_events (id);
                CREATE INDEX ix_log_events_search ON log_events USING gin (search);
                """);

            migrationBuilder.CreateTable(
                name: "log_rollups",
                columns: table => new
                {
                    minute = table.Column<long>(type: "bigint", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_rollups", x => new { x.minute, x.source, x.level });
                });

            migrationBuilder.CreateTable(
                name: "log_rollups_hourly",
                columns: table => new
                {
                    hour = table.Column<long>(type: "bigint", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_rollups_hourly", x => new { x.hour, x.source, x.level });
                });

            migrationBuilder.CreateTable(
                name: "message_templates",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "model_prices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    pattern = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    input_per_million = table.Column<decimal>(type: "numeric", nullable: false),
                    output_per_million = table.Column<decimal>(type: "numeric", nullable: false),
                    cached_input_per_million = table.Column<decimal>(type: "numeric", nullable: true),
                    from_time = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_prices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false, collation: "ailogger_nocase"),
                    version = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    classes = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    data_version = table.Column<long>(type: "bigint", nullable: false),
                    computed_version = table.Column<long>(type: "bigint", nullable: false),
                    last_prediction_at = table.Column<long>(type: "bigint", nullable: true),
                    metrics_computed_at = table.Column<long>(type: "bigint", nullable: true),
                    drift_computed_at = table.Column<long>(type: "bigint", nullable: true),
                    drift_pending = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_models", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "saved_searches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    owner_id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    query = table.Column<string>(type: "text", nullable: false),
                    range = table.Column<string>(type: "text", nullable: true),
                    shared = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_searches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    value = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "span_resources",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_span_resources", x => x.id);
                });

            // Partitioned by day on the start time, like the events.
            migrationBuilder.Sql("""
                CREATE TABLE spans (
                    id bigint NOT NULL,
                    trace_id text NOT NULL,
                    span_id text NOT NULL,
                    trace_key bigint NOT NULL,
                    span_key bigint NOT NULL,
                    parent_span_id text NULL,
                    name text NOT NULL,
                    kind integer NOT NULL,
                    service text COLLATE ailogger_nocase NULL,
                    scope text NULL,
                    start_time bigint NOT NULL,
                    end_time bigint NOT NULL,
                    duration bigint NOT NULL,
                    status integer NOT NULL,
                    status_message text NULL,
                    attributes text NULL,
                    events text NULL,
                    links text NULL,
                    resource_id bigint NULL,
                    is_gen_ai boolean NOT NULL,
                    gen_ai_model text NULL,
                    input_tokens bigint NOT NULL,
                    output_tokens bigint NOT NULL,
                    CONSTRAINT "PK_spans" PRIMARY KEY (id, start_time)
                ) PARTITION BY RANGE (start_time);
                CREATE INDEX ix_spans_id ON spans (id);
                """);

            migrationBuilder.CreateTable(
                name: "traces",
                columns: table => new
                {
                    trace_id = table.Column<string>(type: "text", nullable: false),
                    trace_key = table.Column<long>(type: "bigint", nullable: false),
                    start_time = table.Column<long>(type: "bigint", nullable: false),
                    end_time = table.Column<long>(type: "bigint", nullable: false),
                    span_count = table.Column<int>(type: "integer", nullable: false),
                    error_count = table.Column<int>(type: "integer", nullable: false),
                    root_name = table.Column<string>(type: "text", nullable: true),
                    root_service = table.Column<string>(type: "text", nullable: true),
                    services = table.Column<string>(type: "text", nullable: true),
                    input_tokens = table.Column<long>(type: "bigint", nullable: false),
                    output_tokens = table.Column<long>(type: "bigint", nullable: false),
                    models = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traces", x => x.trace_id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    alert_id = table.Column<long>(type: "bigint", nullable: true),
                    channel_id = table.Column<long>(type: "bigint", nullable: false),
                    @event = table.Column<string>(name: "event", type: "text", nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<long>(type: "bigint", nullable: false),
                    claimed_at = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    delivered_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "FK_alert_deliveries_alert_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "alert_channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_rule_states",
                columns: table => new
                {
                    rule_id = table.Column<long>(type: "bigint", nullable: false),
                    group_key = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    pending_since = table.Column<long>(type: "bigint", nullable: true),
                    firing_since = table.Column<long>(type: "bigint", nullable: true),
                    last_notified_at = table.Column<long>(type: "bigint", nullable: true),
                    firing_notified = table.Column<bool>(type: "boolean", nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: true),
                    alert_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_rule_states", x => new { x.rule_id, x.group_key });
                    table.ForeignKey(
                        name: "FK_alert_rule_states_alert_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "import_errors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    import_id = table.Column<long>(type: "bigint", nullable: false),
                    line_number = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    excerpt = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_errors", x => x.id);
                    table.ForeignKey(
                        name: "FK_import_errors_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_daily_counts",
                columns: table => new
                {
                    model_id = table.Column<long>(type: "bigint", nullable: false),
                    day = table.Column<long>(type: "bigint", nullable: false),
                    predicted = table.Column<string>(type: "text", nullable: false),
                    actual = table.Column<string>(type: "text", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    confidence_sum = table.Column<double>(type: "double precision", nullable: false),
                    confidence_count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_daily_counts", x => new { x.model_id, x.day, x.predicted, x.actual });
                    table.ForeignKey(
                        name: "FK_model_daily_counts_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_drift_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    model_id = table.Column<long>(type: "bigint", nullable: false),
                    feature = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    method = table.Column<string>(type: "text", nullable: false),
                    statistic = table.Column<double>(type: "double precision", nullable: false),
                    p_value = table.Column<double>(type: "double precision", nullable: true),
                    threshold = table.Column<double>(type: "double precision", nullable: false),
                    drifted = table.Column<bool>(type: "boolean", nullable: false),
                    psi = table.Column<double>(type: "double precision", nullable: false),
                    psi_level = table.Column<string>(type: "text", nullable: false),
                    reference_count = table.Column<long>(type: "bigint", nullable: false),
                    current_count = table.Column<long>(type: "bigint", nullable: false),
                    reference_kind = table.Column<string>(type: "text", nullable: false),
                    reference_from = table.Column<long>(type: "bigint", nullable: true),
                    reference_to = table.Column<long>(type: "bigint", nullable: true),
                    current_from = table.Column<long>(type: "bigint", nullable: false),
                    current_to = table.Column<long>(type: "bigint", nullable: false),
                    computed_at = table.Column<long>(type: "bigint", nullable: false),
                    distribution = table.Column<string>(type: "text", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_drift_results", x => x.id);
                    table.ForeignKey(
                        name: "FK_model_drift_results_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_predictions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    model_id = table.Column<long>(type: "bigint", nullable: false),
                    item_id = table.Column<string>(type: "text", nullable: false),
                    predicted = table.Column<string>(type: "text", nullable: false),
                    confidence = table.Column<double>(type: "double precision", nullable: true),
                    probabilities = table.Column<string>(type: "text", nullable: true),
                    features = table.Column<string>(type: "text", nullable: true),
                    timestamp = table.Column<long>(type: "bigint", nullable: false),
                    actual = table.Column<string>(type: "text", nullable: true),
                    validated_at = table.Column<long>(type: "bigint", nullable: true),
                    trained = table.Column<bool>(type: "boolean", nullable: false),
                    logged = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_predictions", x => x.id);
                    table.ForeignKey(
                        name: "FK_model_predictions_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_references",
                columns: table => new
                {
                    model_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    class_counts = table.Column<string>(type: "text", nullable: true),
                    from_ts = table.Column<long>(type: "bigint", nullable: true),
                    to_ts = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_references", x => x.model_id);
                    table.ForeignKey(
                        name: "FK_model_references_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_alert_channels_name",
                table: "alert_channels",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_channel_id",
                table: "alert_deliveries",
                column: "channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_alert_id",
                table: "alert_deliveries",
                column: "alert_id");

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_due",
                table: "alert_deliveries",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ux_alert_rules_name",
                table: "alert_rules",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alerts_resolved_at",
                table: "alerts",
                column: "resolved_at");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_rule_id",
                table: "alerts",
                columns: new[] { "rule_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_state_id",
                table: "alerts",
                columns: new[] { "state", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_api_keys_secret_hash",
                table: "api_keys",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_import_errors_import_line",
                table: "import_errors",
                columns: new[] { "import_id", "line_number" });

            migrationBuilder.CreateIndex(
                name: "ux_import_sources_name",
                table: "import_sources",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_imports_source_fingerprint",
                table: "imports",
                columns: new[] { "source_key", "fingerprint" });

            migrationBuilder.CreateIndex(
                name: "ix_imports_status",
                table: "imports",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_log_blocks_max_ts",
                table: "log_blocks",
                column: "max_ts");

            migrationBuilder.CreateIndex(
                name: "ix_log_events_event_type_timestamp",
                table: "log_events",
                columns: new[] { "event_type", "timestamp" },
                filter: "event_type IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_log_events_source_timestamp",
                table: "log_events",
                columns: new[] { "source", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "ix_log_events_timestamp",
                table: "log_events",
                column: "timestamp");

            migrationBuilder.CreateIndex(
                name: "ix_log_events_trace_id",
                table: "log_events",
                column: "trace_id",
                filter: "trace_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_message_templates_text",
                table: "message_templates",
                column: "text",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_model_drift_results_model",
                table: "model_drift_results",
                columns: new[] { "model_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_model_predictions_time",
                table: "model_predictions",
                columns: new[] { "model_id", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "ux_model_predictions_item",
                table: "model_predictions",
                columns: new[] { "model_id", "item_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_prices_pattern",
                table: "model_prices",
                column: "pattern");

            migrationBuilder.CreateIndex(
                name: "ux_models_name",
                table: "models",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_saved_searches_owner",
                table: "saved_searches",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "IX_span_resources_json",
                table: "span_resources",
                column: "json",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_spans_errors",
                table: "spans",
                columns: new[] { "service", "start_time", "id" },
                filter: "status = 2");

            migrationBuilder.CreateIndex(
                name: "ix_spans_errors_start",
                table: "spans",
                columns: new[] { "start_time", "id" },
                filter: "status = 2");

            migrationBuilder.CreateIndex(
                name: "ix_spans_gen_ai",
                table: "spans",
                columns: new[] { "start_time", "gen_ai_model", "service", "status", "duration", "input_tokens", "output_tokens", "trace_id", "trace_key", "span_key" },
                filter: "is_gen_ai");

            migrationBuilder.CreateIndex(
                name: "ix_spans_service_start",
                table: "spans",
                columns: new[] { "service", "start_time", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_spans_start",
                table: "spans",
                column: "start_time");

            // A retried span (same trace, span and start) is stored once; the start belongs to the key as the partition column.
            migrationBuilder.Sql("CREATE UNIQUE INDEX ix_spans_trace_span ON spans (trace_key, span_key, start_time);");

            migrationBuilder.CreateIndex(
                name: "ix_traces_start",
                table: "traces",
                column: "start_time");

            // PostgreSQL writer: a B-tree entry holds at most 2,704 bytes, and a template or a resource can be longer (a
            // batch holding one would fail whole), so their unique keys are their MD5s, under the same index names.
            migrationBuilder.Sql("""
                DROP INDEX ux_message_templates_text;
                CREATE UNIQUE INDEX ux_message_templates_text ON message_templates (md5(text));
                DROP INDEX "IX_span_resources_json";
                CREATE UNIQUE INDEX "IX_span_resources_json" ON span_resources (md5(json));
                """);

            // Traces and model monitoring: predictions are written with raw SQL and take their id from a sequence, as
            // SQLite's rowid does (the model keeps ValueGeneratedNever, so the snapshot is the same for both providers).
            migrationBuilder.Sql("""
                CREATE SEQUENCE model_predictions_id_seq OWNED BY model_predictions.id;
                ALTER TABLE model_predictions ALTER COLUMN id SET DEFAULT nextval('model_predictions_id_seq');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "alert_deliveries");

            migrationBuilder.DropTable(
                name: "alert_rule_states");

            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "import_errors");

            migrationBuilder.DropTable(
                name: "import_sources");

            migrationBuilder.DropTable(
                name: "log_blocks");

            migrationBuilder.DropTable(
                name: "log_events");

            migrationBuilder.DropTable(
                name: "log_rollups");

            migrationBuilder.DropTable(
                name: "log_rollups_hourly");

            migrationBuilder.DropTable(
                name: "message_templates");

            migrationBuilder.DropTable(
                name: "model_daily_counts");

            migrationBuilder.DropTable(
                name: "model_drift_results");

            migrationBuilder.DropTable(
                name: "model_predictions");

            migrationBuilder.DropTable(
                name: "model_prices");

            migrationBuilder.DropTable(
                name: "model_references");

            migrationBuilder.DropTable(
                name: "saved_searches");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropTable(
                name: "span_resources");

            migrationBuilder.DropTable(
                name: "spans");

            migrationBuilder.DropTable(
                name: "traces");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "alert_channels");

            migrationBuilder.DropTable(
                name: "alert_rules");

            migrationBuilder.DropTable(
                name: "imports");

            migrationBuilder.DropTable(
                name: "models");
        }
    }
}
