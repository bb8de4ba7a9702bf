using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Traces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "span_resources",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_span_resources", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "spans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    trace_id = table.Column<string>(type: "TEXT", nullable: false),
                    span_id = table.Column<string>(type: "TEXT", nullable: false),
                    trace_key = table.Column<long>(type: "INTEGER", nullable: false),
                    span_key = table.Column<long>(type: "INTEGER", nullable: false),
                    parent_span_id = table.Column<string>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    service = table.Column<string>(type: "TEXT", nullable: true, collation: "NOCASE"),
                    scope = table.Column<string>(type: "TEXT", nullable: true),
                    start_time = table.Column<long>(type: "INTEGER", nullable: false),
                    end_time = table.Column<long>(type: "INTEGER", nullable: false),
                    duration = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    status_message = table.Column<string>(type: "TEXT", nullable: true),
                    attributes = table.Column<string>(type: "TEXT", nullable: true),
                    events = table.Column<string>(type: "TEXT", nullable: true),
                    links = table.Column<string>(type: "TEXT", nullable: true),
                    resource_id = table.Column<long>(type: "INTEGER", nullable: true),
                    is_gen_ai = table.Column<bool>(type: "INTEGER", nullable: false),
                    gen_ai_model = table.Column<string>(type: "TEXT", nullable: true),
                    input_tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    output_tokens = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_spans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "traces",
                columns: table => new
                {
                    trace_id = table.Column<string>(type: "TEXT", nullable: false),
                    trace_key = table.Column<long>(type: "INTEGER", nullable: false),
                    start_time = table.Column<long>(type: "INTEGER", nullable: false),
                    end_time = table.Column<long>(type: "INTEGER", nullable: false),
                    span_count = table.Column<int>(type: "INTEGER", nullable: false),
                    error_count = table.Column<int>(type: "INTEGER", nullable: false),
                    root_name = table.Column<string>(type: "TEXT", nullable: true),
                    root_service = table.Column<string>(type: "TEXT", nullable: true),
                    services = table.Column<string>(type: "TEXT", nullable: true),
                    input_tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    output_tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    models = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traces", x => x.trace_id);
                });

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
                name: "ix_spans_service_start",
                table: "spans",
                columns: new[] { "service", "start_time", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_spans_start",
                table: "spans",
                column: "start_time");

            migrationBuilder.CreateIndex(
                name: "ix_spans_trace_span",
                table: "spans",
                columns: new[] { "trace_key", "span_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_traces_start",
                table: "traces",
                column: "start_time");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "span_resources");

            migrationBuilder.DropTable(
                name: "spans");

            migrationBuilder.DropTable(
                name: "traces");
        }
    }
}
