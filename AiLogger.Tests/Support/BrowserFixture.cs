using Microsoft.Playwright;

namespace AiLogger.Tests.Support;

/// <summary>
/// The real app plus Debian's Chromium driven by Playwright (its own browser download does not work here).
/// Without Chromium the tests skip with the reason, unless AILOGGER_E2E=required (CI), where they fail.
/// </summary>
public class BrowserFixture : AppFixture
{
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string? SkipReason { get; private set; }

    public static string ScreenshotDirectory
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "AiLogger.sln"))) root = root.Parent;
            var directory = Path.Combine(root?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var chromium = FindChromium();
        if (chromium is null)
        {
            SkipReason = "Chromium is not installed (apt-get install chromium); end-to-end tests need it.";
            if (Environment.GetEnvironmentVariable("AILOGGER_E2E") == "required")
                throw new InvalidOperationException(SkipReason + " AILOGGER_E2E=required makes this a failure.");
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (own cookies and storage) on a page of the app.</summary>
    public async Task<IPage> NewPageAsync(int width = 1400, int height = 900)
    {
        Skip.If(Browser is null, SkipReason);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>Signs in through the form and waits until the app has left the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string email, string password, string path = "/login")
    {
        await page.GotoAsync(path);
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Opens a page of the app and waits for its circuit: clicks on prerendered HTML would be lost.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
    }

    public static Task WaitForInteractiveAsync(IPage page) => page.Locator("[data-interactive=true]").WaitForAsync();

    public async Task<IPage> SignedInPageAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, email, password);
        return page;
    }

    /// <summary>The page as <c>name-light</c> and, after the theme toggle, <c>name-dark</c>; it is left in the light theme.</summary>
    public static async Task ScreenshotLightAndDarkAsync(IPage page, string name)
    {
        await ScreenshotAsync(page, name + "-light");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(500);
        await ScreenshotAsync(page, name + "-dark");
        await page.GetByTestId("theme-toggle").ClickAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    private static string? FindChromium()
    {
        foreach (var name in new[] { "chromium", "chromium-browser" })
            foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
