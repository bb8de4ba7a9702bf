using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    secret_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    scopes = table.Column<int>(type: "INTEGER", nullable: false),
                    minimum_level = table.Column<int>(type: "INTEGER", nullable: true),
                    applied_properties = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_used_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    events_ingested = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "log_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: true, collation: "NOCASE"),
                    exception = table.Column<string>(type: "TEXT", nullable: true),
                    trace_id = table.Column<string>(type: "TEXT", nullable: true),
                    span_id = table.Column<string>(type: "TEXT", nullable: true),
                    parent_span_id = table.Column<string>(type: "TEXT", nullable: true),
                    event_type = table.Column<string>(type: "TEXT", nullable: true, collation: "NOCASE"),
                    properties = table.Column<string>(type: "TEXT", nullable: true),
                    tags = table.Column<string>(type: "TEXT", nullable: true),
                    template_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "log_rollups",
                columns: table => new
                {
                    minute = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_rollups", x => new { x.minute, x.source, x.level });
                });

            migrationBuilder.CreateTable(
                name: "message_templates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_templates", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_api_keys_secret_hash",
                table: "api_keys",
                column: "secret_hash",
                unique: true);

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

            // Keyword index: contentless (the text lives in log_events), deletable by rowid = log_events.id;
            // without positions (detail=none: cheaper to write, phrases are confirmed by ail_phrase);
            // unicode61 without diacritic folding, so the in-memory matcher tokenises the same way.
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE log_events_fts USING fts5(message, exception, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 0');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS log_events_fts;");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "log_events");

            migrationBuilder.DropTable(
                name: "log_rollups");

            migrationBuilder.DropTable(
                name: "message_templates");
        }
    }
}
