using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TestResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "test_cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    project = table.Column<string>(type: "TEXT", nullable: false),
                    case_key = table.Column<long>(type: "INTEGER", nullable: false),
                    class_name = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    file = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "test_coverage_files",
                columns: table => new
                {
                    run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    path = table.Column<string>(type: "TEXT", nullable: false),
                    package = table.Column<string>(type: "TEXT", nullable: false),
                    lines_valid = table.Column<int>(type: "INTEGER", nullable: false),
                    lines_covered = table.Column<int>(type: "INTEGER", nullable: false),
                    branches_valid = table.Column<int>(type: "INTEGER", nullable: false),
                    branches_covered = table.Column<int>(type: "INTEGER", nullable: false),
                    covered_lines = table.Column<string>(type: "TEXT", nullable: true),
                    missed_lines = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_coverage_files", x => new { x.run_id, x.path });
                });

            migrationBuilder.CreateTable(
                name: "test_results",
                columns: table => new
                {
                    run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    suite = table.Column<string>(type: "TEXT", nullable: false),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    duration_ms = table.Column<double>(type: "REAL", nullable: false),
                    flaky = table.Column<bool>(type: "INTEGER", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: true),
                    failure_type = table.Column<string>(type: "TEXT", nullable: true),
                    stack = table.Column<string>(type: "TEXT", nullable: true),
                    stdout = table.Column<string>(type: "TEXT", nullable: true),
                    stderr = table.Column<string>(type: "TEXT", nullable: true),
                    retries = table.Column<string>(type: "TEXT", nullable: true),
                    retry_count = table.Column<int>(type: "INTEGER", nullable: false),
                    properties = table.Column<string>(type: "TEXT", nullable: true),
                    line = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_results", x => new { x.run_id, x.case_id });
                });

            migrationBuilder.CreateTable(
                name: "test_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    project = table.Column<string>(type: "TEXT", nullable: false),
                    branch = table.Column<string>(type: "TEXT", nullable: true),
                    commit_sha = table.Column<string>(type: "TEXT", nullable: true),
                    build_url = table.Column<string>(type: "TEXT", nullable: true),
                    build_id = table.Column<string>(type: "TEXT", nullable: true),
                    environment = table.Column<string>(type: "TEXT", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    duration_ms = table.Column<double>(type: "REAL", nullable: false),
                    tests = table.Column<int>(type: "INTEGER", nullable: false),
                    passed = table.Column<int>(type: "INTEGER", nullable: false),
                    failed = table.Column<int>(type: "INTEGER", nullable: false),
                    errors = table.Column<int>(type: "INTEGER", nullable: false),
                    skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    flaky = table.Column<int>(type: "INTEGER", nullable: false),
                    labels = table.Column<string>(type: "TEXT", nullable: true),
                    files = table.Column<string>(type: "TEXT", nullable: true),
                    report_hash = table.Column<string>(type: "TEXT", nullable: false),
                    line_rate = table.Column<double>(type: "REAL", nullable: true),
                    branch_rate = table.Column<double>(type: "REAL", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_test_cases_key",
                table: "test_cases",
                columns: new[] { "project", "case_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_test_results_case",
                table: "test_results",
                columns: new[] { "case_id", "run_id", "outcome" });

            migrationBuilder.CreateIndex(
                name: "ix_test_results_failures",
                table: "test_results",
                columns: new[] { "run_id", "case_id" },
                filter: "outcome IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "ix_test_results_flaky",
                table: "test_results",
                columns: new[] { "run_id", "case_id" },
                filter: "flaky = 1");

            migrationBuilder.CreateIndex(
                name: "ix_test_runs_branch",
                table: "test_runs",
                columns: new[] { "project", "branch", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_test_runs_commit",
                table: "test_runs",
                columns: new[] { "project", "commit_sha" });

            migrationBuilder.CreateIndex(
                name: "ix_test_runs_hash",
                table: "test_runs",
                columns: new[] { "project", "report_hash" });

            migrationBuilder.CreateIndex(
                name: "ix_test_runs_project",
                table: "test_runs",
                columns: new[] { "project", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "test_cases");

            migrationBuilder.DropTable(
                name: "test_coverage_files");

            migrationBuilder.DropTable(
                name: "test_results");

            migrationBuilder.DropTable(
                name: "test_runs");
        }
    }
}
