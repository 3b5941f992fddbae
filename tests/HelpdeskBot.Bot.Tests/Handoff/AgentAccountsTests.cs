using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Bot.Tests.Handoff;

public sealed class AgentAccountsTests : IDisposable
{
    private readonly string _directory = BotHost.NewDataDirectory();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => BotHost.TryDelete(_directory);

    private AgentAccounts Accounts(params AgentAccount[] accounts) => new(
        Options.Create(new AgentAccountsOptions { Accounts = [.. accounts], MaxFailedSignIns = 3, LockoutMinutes = 5 }),
        Options.Create(new HelpdeskOptions { DataDirectory = _directory, DemoTokens = true }),
        _time,
        NullLogger<AgentAccounts>.Instance);

    private static AgentAccount Dewi(string password) => new()
    {
        UserName = "dewi", DisplayName = "Dewi Lestari", PasswordHash = AgentAccounts.HashPassword(password), Roles = ["agent"], Queues = ["orders", "General"],
    };

    [Fact]
    public void The_right_password_signs_in_with_the_roles_and_queues_of_the_account()
    {
        var principal = Accounts(Dewi("correct horse")).SignIn("DEWI", "correct horse", "test", out var lockedOut);

        var agent = AgentIdentity.From(principal);
        Assert.False(lockedOut);
        Assert.Equal(("dewi", "Dewi Lestari", false), (agent!.UserName, agent.DisplayName, agent.IsAdmin));
        Assert.Equal(["General", "Orders"], agent.Queues.Order(StringComparer.Ordinal));
        Assert.True(agent.Serves("Orders"));
        Assert.False(agent.Serves("IT"));
    }

    [Fact]
    public void Passwords_are_stored_only_as_hashes()
    {
        var hash = AgentAccounts.HashPassword("correct horse");

        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, AgentAccounts.HashPassword("correct horse"));
    }

    [Fact]
    public void Repeated_wrong_passwords_lock_the_account_even_for_the_right_one_until_the_lockout_ends()
    {
        var accounts = Accounts(Dewi("correct horse"));

        Assert.Null(accounts.SignIn("dewi", "wrong 1", "test", out var first));
        Assert.Null(accounts.SignIn("dewi", "wrong 2", "test", out _));
        Assert.Null(accounts.SignIn("dewi", "wrong 3", "test", out var third));
        Assert.Null(accounts.SignIn("dewi", "correct horse", "test", out var stillLocked));
        _time.Advance(TimeSpan.FromMinutes(6));
        var after = accounts.SignIn("dewi", "correct horse", "test", out _);

        Assert.False(first);
        Assert.True(third);
        Assert.True(stillLocked);
        Assert.NotNull(after);
    }

    [Fact]
    public void Unknown_names_and_empty_or_huge_input_sign_no_one_in()
    {
        var accounts = Accounts(Dewi("correct horse"));

        Assert.Null(accounts.SignIn("nobody", "correct horse", "test", out _));
        Assert.Null(accounts.SignIn("dewi", "", "test", out _));
        Assert.Null(accounts.SignIn(null, "correct horse", "test", out _));
        Assert.Null(accounts.SignIn("dewi", new string('x', 10_000), "test", out _));
    }

    [Fact]
    public void Without_configured_accounts_the_demo_makes_two_with_random_passwords_kept_in_the_data_directory()
    {
        var accounts = Accounts();
        var lines = File.ReadAllLines(Path.Combine(_directory, "agent-demo-passwords.txt")).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);

        var admin = AgentIdentity.From(accounts.SignIn("admin", lines["admin"], "test", out _));
        var agent = AgentIdentity.From(accounts.SignIn("agent", lines["agent"], "test", out _));

        Assert.True(admin!.IsAdmin);
        Assert.False(agent!.IsAdmin);
        Assert.NotEqual(lines["admin"], lines["agent"]);
        Assert.DoesNotContain(lines["agent"], File.ReadAllText(Path.Combine(_directory, "agent-demo-accounts.json")), StringComparison.Ordinal);
        // A restart keeps the same accounts.
        Assert.NotNull(Accounts().SignIn("agent", lines["agent"], "test", out _));
    }

    [Fact]
    public void The_validator_refuses_accounts_without_hash_role_or_known_queues()
    {
        var options = new AgentAccountsOptions
        {
            Accounts =
            [
                new() { UserName = "ok", PasswordHash = "h", Roles = ["agent"] },
                new() { UserName = "OK", PasswordHash = "h", Roles = ["agent"] },
                new() { UserName = "bad name!", PasswordHash = "", Roles = ["root"], Queues = ["Sales"] },
            ],
        };

        var failures = new AgentAccountsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("'OK' is used twice", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Agents:Accounts:2:UserName", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Agents:Accounts:2:PasswordHash", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Agents:Accounts:2:Roles", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Sales' is not a queue", StringComparison.Ordinal));
    }
}
