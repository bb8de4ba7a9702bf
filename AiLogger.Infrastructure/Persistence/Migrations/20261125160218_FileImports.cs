using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FileImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "import_sources",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    path = table.Column<string>(type: "TEXT", nullable: false),
                    pattern = table.Column<string>(type: "TEXT", nullable: false),
                    format = table.Column<string>(type: "TEXT", nullable: false),
                    event_source = table.Column<string>(type: "TEXT", nullable: true),
                    time_zone = table.Column<string>(type: "TEXT", nullable: true),
                    regex = table.Column<string>(type: "TEXT", nullable: true),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_sources", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    path = table.Column<string>(type: "TEXT", nullable: false),
                    source_key = table.Column<string>(type: "TEXT", nullable: true),
                    source_name = table.Column<string>(type: "TEXT", nullable: true),
                    format = table.Column<string>(type: "TEXT", nullable: false),
                    event_source = table.Column<string>(type: "TEXT", nullable: true),
                    time_zone = table.Column<string>(type: "TEXT", nullable: true),
                    regex = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", nullable: true),
                    fingerprint_length = table.Column<int>(type: "INTEGER", nullable: false),
                    compressed = table.Column<bool>(type: "INTEGER", nullable: false),
                    total_bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    bytes_read = table.Column<long>(type: "INTEGER", nullable: false),
                    read_offset = table.Column<long>(type: "INTEGER", nullable: false),
                    line_number = table.Column<long>(type: "INTEGER", nullable: false),
                    lines_read = table.Column<long>(type: "INTEGER", nullable: false),
                    events_imported = table.Column<long>(type: "INTEGER", nullable: false),
                    lines_rejected = table.Column<long>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_errors",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    import_id = table.Column<long>(type: "INTEGER", nullable: false),
                    line_number = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    excerpt = table.Column<string>(type: "TEXT", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "import_errors");

            migrationBuilder.DropTable(
                name: "import_sources");

            migrationBuilder.DropTable(
                name: "imports");
        }
    }
}
