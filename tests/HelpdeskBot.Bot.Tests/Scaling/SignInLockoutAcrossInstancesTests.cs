using System.Net;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Database;
using HelpdeskBot.Bot.Tests.Handoff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>
/// Console sign-in failures are counted in the state database (<c>Handoff/SignInFailures</c>): behind a load balancer a
/// guesser meets one limit across the instances, not one per instance, and restarting a host does not lift a lockout.
/// </summary>
public sealed class SignInLockoutAcrossInstancesTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string Locked = "Too many failed sign-ins";

    [Fact]
    public async Task Wrong_passwords_spread_over_two_instances_lock_the_account_on_both()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var instances = TwoInstances.Start(redis: null, host => Agent(host), SharedDatabase.OnPostgres(connectionString));
        using var a = TwoInstances.RawHttp(instances.A);
        using var b = TwoInstances.RawHttp(instances.B);

        // Two failures on A and one on B: three in a row for the account, whichever instance counted them.
        Assert.DoesNotContain(Locked, await SignInAsync(a, "wrong 1"), StringComparison.Ordinal);
        Assert.DoesNotContain(Locked, await SignInAsync(a, "wrong 2"), StringComparison.Ordinal);
        Assert.Contains(Locked, await SignInAsync(b, "wrong 3"), StringComparison.Ordinal);

        // Locked on both, even with the right password.
        Assert.Contains(Locked, await SignInAsync(a, AgentAccountsForTests.Password), StringComparison.Ordinal);
        Assert.Contains(Locked, await SignInAsync(b, AgentAccountsForTests.Password), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_counted_at_the_same_moment_on_PostgreSQL_are_all_counted_and_lock_the_name()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        using var database = SharedDatabase.OnPostgres(connectionString);
        using var host = database.NewHost();
        host.CreateClient().Dispose();
        var failures = host.Services.GetRequiredService<ISignInFailures>();
        var now = DateTimeOffset.UtcNow;
        var until = now.AddMinutes(5);

        // 20 failures at once with a limit of 50: none is lost to a race between the read and the write.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => failures.CountAsync("Sari", now, 50, until, CancellationToken.None))));
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(20, (await db.SignInFailures.SingleAsync(f => f.UserName == "sari")).Count);
        }

        // Over the limit at once: the lockout is started (and so audited) by one of them only.
        var started = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => failures.CountAsync("SARI", now, 21, until, CancellationToken.None))));
        Assert.Equal(1, started.Count(s => s));
        Assert.True(await failures.IsLockedOutAsync("sari", DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.False(await failures.IsLockedOutAsync("sari", until.AddSeconds(1), CancellationToken.None));
        Assert.False(await failures.IsLockedOutAsync("dewi", DateTimeOffset.UtcNow, CancellationToken.None));

        await failures.ClearAsync("Sari", CancellationToken.None);
        Assert.False(await failures.IsLockedOutAsync("sari", DateTimeOffset.UtcNow, CancellationToken.None));

        // Failures more than a day apart do not add up: the count starts again.
        await failures.CountAsync("dewi", now, 3, until, CancellationToken.None);
        await failures.CountAsync("dewi", now.AddMinutes(1), 3, until, CancellationToken.None);
        Assert.False(await failures.CountAsync("dewi", now.AddHours(25), 3, until, CancellationToken.None));
        Assert.False(await failures.CountAsync("dewi", now.AddHours(25), 3, until, CancellationToken.None));
        Assert.True(await failures.CountAsync("dewi", now.AddHours(25), 3, until, CancellationToken.None));
    }

    [Fact]
    public async Task A_lockout_outlives_a_restart_of_a_SQLite_host()
    {
        using var database = SharedDatabase.ForTests();
        using (var before = Agent(database.NewHost()))
        {
            using var http = AgentConsoleClient.RawHttp(before);
            for (var i = 1; i <= 3; i++)
            {
                await SignInAsync(http, "wrong " + i);
            }
        }

        using var after = Agent(database.NewHost());
        using var again = AgentConsoleClient.RawHttp(after);
        Assert.Contains(Locked, await SignInAsync(again, AgentAccountsForTests.Password), StringComparison.Ordinal);
    }

    private static BotHost Agent(BotHost host) => host
        .WithAgent(0, "sari", "Sari Dewi", [AgentRoles.Agent])
        .With("Agents:MaxFailedSignIns", "3")
        .With("Agents:LockoutMinutes", "5");

    /// <summary>The sign-in form's answer to <paramref name="password"/>: the page's text when it refused, "" when it signed in.</summary>
    private static async Task<string> SignInAsync(HttpClient http, string password)
    {
        var form = await AgentConsoleClient.GetLoginFormAsync(http);
        using var response = await AgentConsoleClient.PostLoginAsync(http, form, "sari", password);
        return response.StatusCode == HttpStatusCode.Redirect ? "" : await response.Content.ReadAsStringAsync();
    }
}
