using System.Net;
using System.Net.Http.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Imports;

/// <summary>
/// A watched source reads only inside AiLogger:Imports:AllowedRoots: no pattern with folders or '..', no path outside,
/// no link out of a root — so /etc/shadow or /etc/os-release never become searchable events.
/// </summary>
public sealed class ImportRootTests(ImportAppFixture app) : IClassFixture<ImportAppFixture>
{
    private HttpClient Admin() => app.CreateClient(AppFixture.AdminKey);

    [Theory]
    [InlineData("../etc/os-release")]
    [InlineData("../../etc/*")]
    [InlineData("sub/*.log")]
    [InlineData("**/*")]
    public async Task A_pattern_with_folders_or_dot_dot_is_refused(string pattern)
    {
        using var admin = Admin();

        using var response = await admin.PostAsJsonAsync("/api/imports/sources", new { name = "escape " + Guid.NewGuid().ToString("N")[..6], path = app.Folder("escape"), pattern });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a file-name pattern", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("pattern")[0].GetString());
    }

    [Theory]
    [InlineData("/usr")]
    [InlineData("/etc")]
    [InlineData("{root}/../../etc")]
    public async Task A_path_outside_the_allowed_roots_is_refused(string path)
    {
        using var admin = Admin();

        using var response = await admin.PostAsJsonAsync("/api/imports/sources", new { name = "outside " + Guid.NewGuid().ToString("N")[..6], path = path.Replace("{root}", app.Root), pattern = "*" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("outside the folders imports may read", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("path")[0].GetString());
    }

    [Fact]
    public async Task A_folder_link_inside_a_root_that_leads_to_etc_is_refused()
    {
        var link = Path.Combine(app.Root, "etc-link-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateSymbolicLink(link, "/etc");
        using var admin = Admin();

        using var response = await admin.PostAsJsonAsync("/api/imports/sources", new { name = Path.GetFileName(link), path = link, pattern = "os-release" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_file_link_in_a_watched_folder_that_leads_outside_is_not_imported()
    {
        var folder = app.Folder("python");
        File.CreateSymbolicLink(Path.Combine(folder, "os-release.log"), "/etc/os-release");
        using var admin = Admin();

        using var scan = await admin.PostAsync("/api/imports/scan", null);
        var result = await scan.ReadJsonAsync();

        Assert.Contains(result.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("os-release.log is not read", StringComparison.Ordinal));
        Assert.Empty(await admin.SearchAllAsync("PRETTY_NAME"));
        Assert.Empty(await admin.SearchAllAsync("\"Debian GNU\""));
    }
}
