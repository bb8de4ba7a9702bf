using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

public sealed class UserApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Admin_key_creates_a_user_with_one_role()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        var email = $"ops-{Guid.NewGuid():N}@ailogger.test";

        using var response = await admin.PostAsJsonAsync("/api/users", new { email, password = "a-long-password", roles = new[] { "operator" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal(email, created.GetProperty("email").GetString());
        Assert.Equal(["Operator"], created.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("generatedPassword").ValueKind);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Contains(listed.EnumerateArray(), u => u.GetProperty("email").GetString() == email);
    }

    [Fact]
    public async Task Without_a_password_one_is_generated_and_returned_once()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/users", new { email = $"gen-{Guid.NewGuid():N}@ailogger.test", roles = new[] { "Analyst" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(16, (await response.ReadJsonAsync()).GetProperty("generatedPassword").GetString()!.Length);
    }

    [Theory]
    [InlineData("""{"email":"short@ailogger.test","password":"short","roles":["Operator"]}""", "password", "at least 10")]
    [InlineData("""{"email":"norole@ailogger.test","password":"a-long-password","roles":[]}""", "roles", "exactly one role")]
    [InlineData("""{"email":"badrole@ailogger.test","password":"a-long-password","roles":["Owner"]}""", "role", "Choose a role")]
    [InlineData("""{"email":"not-an-address","password":"a-long-password","roles":["Operator"]}""", "email", "e-mail address")]
    [InlineData("""{"email":"admin@ailogger.test","password":"a-long-password","roles":["Operator"]}""", "email", "exists already")]
    public async Task Invalid_user_request_names_the_field(string body, string field, string expected)
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var response = await admin.PostJsonTextAsync("/api/users", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Contains(expected, string.Join(" ", errors.GetProperty(field).EnumerateArray().Select(e => e.GetString())));
    }

    [Fact]
    public async Task Keys_without_the_admin_scope_cannot_create_users()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        var key = (await (await admin.PostAsJsonAsync("/api/keys", new { name = "reader", scopes = new[] { "read", "ingest" } })).ReadJsonAsync())
            .GetProperty("key").GetString();
        using var reader = app.CreateClient(key);

        using var response = await reader.PostAsJsonAsync("/api/users", new { email = "x@ailogger.test", password = "a-long-password", roles = new[] { "Admin" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("'admin' scope", await response.ErrorMessageAsync());
    }
}
