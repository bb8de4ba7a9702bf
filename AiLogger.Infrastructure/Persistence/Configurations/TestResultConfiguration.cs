using AiLogger.Infrastructure.TestResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class TestRunConfiguration : IEntityTypeConfiguration<TestRunEntity>
{
    public void Configure(EntityTypeBuilder<TestRunEntity> builder)
    {
        builder.ToTable("test_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.Project).HasColumnName("project");
        builder.Property(r => r.Branch).HasColumnName("branch");
        builder.Property(r => r.Commit).HasColumnName("commit_sha");
        builder.Property(r => r.BuildUrl).HasColumnName("build_url");
        builder.Property(r => r.BuildId).HasColumnName("build_id");
        builder.Property(r => r.Environment).HasColumnName("environment");
        builder.Property(r => r.StartedAt).HasColumnName("started_at");
        builder.Property(r => r.DurationMs).HasColumnName("duration_ms");
        builder.Property(r => r.Tests).HasColumnName("tests");
        builder.Property(r => r.Passed).HasColumnName("passed");
        builder.Property(r => r.Failed).HasColumnName("failed");
        builder.Property(r => r.Errors).HasColumnName("errors");
        builder.Property(r => r.Skipped).HasColumnName("skipped");
        builder.Property(r => r.Flaky).HasColumnName("flaky");
        builder.Property(r => r.Labels).HasColumnName("labels");
        builder.Property(r => r.Files).HasColumnName("files");
        builder.Property(r => r.ReportHash).HasColumnName("report_hash");
        builder.Property(r => r.LineRate).HasColumnName("line_rate");
        builder.Property(r => r.BranchRate).HasColumnName("branch_rate");
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");
        // A branch's runs in order: the previous run, trends, the flaky window.
        builder.HasIndex(r => new { r.Project, r.Branch, r.StartedAt }).HasDatabaseName("ix_test_runs_branch");
        builder.HasIndex(r => new { r.Project, r.StartedAt }).HasDatabaseName("ix_test_runs_project");
        builder.HasIndex(r => new { r.Project, r.ReportHash }).HasDatabaseName("ix_test_runs_hash");
        builder.HasIndex(r => new { r.Project, r.Commit }).HasDatabaseName("ix_test_runs_commit");
    }
}

internal sealed class TestCaseConfiguration : IEntityTypeConfiguration<TestCaseEntity>
{
    public void Configure(EntityTypeBuilder<TestCaseEntity> builder)
    {
        builder.ToTable("test_cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasColumnName("id");
        builder.Property(c => c.Project).HasColumnName("project");
        builder.Property(c => c.CaseKey).HasColumnName("case_key");
        builder.Property(c => c.ClassName).HasColumnName("class_name");
        builder.Property(c => c.Name).HasColumnName("name");
        builder.Property(c => c.File).HasColumnName("file");
        builder.HasIndex(c => new { c.Project, c.CaseKey }).IsUnique().HasDatabaseName("ix_test_cases_key");
    }
}

internal sealed class TestResultConfiguration : IEntityTypeConfiguration<TestResultEntity>
{
    public void Configure(EntityTypeBuilder<TestResultEntity> builder)
    {
        builder.ToTable("test_results");
        builder.HasKey(r => new { r.RunId, r.CaseId });
        builder.Property(r => r.RunId).HasColumnName("run_id");
        builder.Property(r => r.CaseId).HasColumnName("case_id");
        builder.Property(r => r.Suite).HasColumnName("suite");
        builder.Property(r => r.Outcome).HasColumnName("outcome");
        builder.Property(r => r.DurationMs).HasColumnName("duration_ms");
        builder.Property(r => r.Flaky).HasColumnName("flaky");
        builder.Property(r => r.Message).HasColumnName("message");
        builder.Property(r => r.FailureType).HasColumnName("failure_type");
        builder.Property(r => r.Stack).HasColumnName("stack");
        builder.Property(r => r.StdOut).HasColumnName("stdout");
        builder.Property(r => r.StdErr).HasColumnName("stderr");
        builder.Property(r => r.Retries).HasColumnName("retries");
        builder.Property(r => r.RetryCount).HasColumnName("retry_count");
        builder.Property(r => r.Properties).HasColumnName("properties");
        builder.Property(r => r.Line).HasColumnName("line");
        // A case's history; with the outcome in the entries, its strip reads no rows.
        builder.HasIndex(r => new { r.CaseId, r.RunId, r.Outcome }).HasDatabaseName("ix_test_results_case");
        // Failures and retried passes are few of a run's cases: comparisons, groups and the flaky window read only these.
        builder.HasIndex(r => new { r.RunId, r.CaseId }, "ix_test_results_failures").HasFilter("outcome IN (1, 2)");
        builder.HasIndex(r => new { r.RunId, r.CaseId }, "ix_test_results_flaky").HasFilter("flaky = 1");
    }
}

internal sealed class TestCoverageFileConfiguration : IEntityTypeConfiguration<TestCoverageFileEntity>
{
    public void Configure(EntityTypeBuilder<TestCoverageFileEntity> builder)
    {
        builder.ToTable("test_coverage_files");
        builder.HasKey(f => new { f.RunId, f.Path });
        builder.Property(f => f.RunId).HasColumnName("run_id");
        builder.Property(f => f.Path).HasColumnName("path");
        builder.Property(f => f.Package).HasColumnName("package");
        builder.Property(f => f.LinesValid).HasColumnName("lines_valid");
        builder.Property(f => f.LinesCovered).HasColumnName("lines_covered");
        builder.Property(f => f.BranchesValid).HasColumnName("branches_valid");
        builder.Property(f => f.BranchesCovered).HasColumnName("branches_covered");
        builder.Property(f => f.CoveredLines).HasColumnName("covered_lines");
        builder.Property(f => f.MissedLines).HasColumnName("missed_lines");
    }
}
