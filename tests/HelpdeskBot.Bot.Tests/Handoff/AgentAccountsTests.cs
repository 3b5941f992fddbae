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
    public async Task The_right_password_signs_in_with_the_roles_and_queues_of_the_account()
    {
        var (principal, lockedOut, _) = await Accounts(Dewi("correct horse")).SignInAsync("DEWI", "correct horse", "test");

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
    public async Task Repeated_wrong_passwords_lock_the_account_even_for_the_right_one_until_the_lockout_ends()
    {
        var accounts = Accounts(Dewi("correct horse"));

        var first = await accounts.SignInAsync("dewi", "wrong 1", "test");
        await accounts.SignInAsync("dewi", "wrong 2", "test");
        var third = await accounts.SignInAsync("dewi", "wrong 3", "test");
        var stillLocked = await accounts.SignInAsync("dewi", "correct horse", "test");
        _time.Advance(TimeSpan.FromMinutes(6));
        var after = await accounts.SignInAsync("dewi", "correct horse", "test");

        Assert.Equal((null, false, false), (first.Principal, first.LockedOut, first.LockoutStarted));
        Assert.Equal((null, true, true), (third.Principal, third.LockedOut, third.LockoutStarted));
        Assert.Equal((null, true, false), (stillLocked.Principal, stillLocked.LockedOut, stillLocked.LockoutStarted));
        Assert.NotNull(after.Principal);
    }

    [Fact]
    public async Task Unknown_names_and_empty_or_huge_input_sign_no_one_in()
    {
        var accounts = Accounts(Dewi("correct horse"));

        Assert.Null((await accounts.SignInAsync("nobody", "correct horse", "test")).Principal);
        Assert.Null((await accounts.SignInAsync("dewi", "", "test")).Principal);
        Assert.Null((await accounts.SignInAsync(null, "correct horse", "test")).Principal);
        Assert.Null((await accounts.SignInAsync("dewi", new string('x', 10_000), "test")).Principal);
    }

    [Fact]
    public async Task Without_configured_accounts_the_demo_makes_two_with_random_passwords_kept_in_the_data_directory()
    {
        var accounts = Accounts();
        var lines = File.ReadAllLines(Path.Combine(_directory, "agent-demo-passwords.txt")).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);

        var admin = AgentIdentity.From((await accounts.SignInAsync("admin", lines["admin"], "test")).Principal);
        var agent = AgentIdentity.From((await accounts.SignInAsync("agent", lines["agent"], "test")).Principal);

        Assert.True(admin!.IsAdmin);
        Assert.False(agent!.IsAdmin);
        Assert.NotEqual(lines["admin"], lines["agent"]);
        Assert.DoesNotContain(lines["agent"], File.ReadAllText(Path.Combine(_directory, "agent-demo-accounts.json")), StringComparison.Ordinal);
        // A restart keeps the same accounts.
        Assert.NotNull((await Accounts().SignInAsync("agent", lines["agent"], "test")).Principal);
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
