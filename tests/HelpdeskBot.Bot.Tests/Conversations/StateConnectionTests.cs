using HelpdeskBot.Bot.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Conversations;

/// <summary>
/// The state database's connections are created plain, without the functions EF's SQLite provider would give each one
/// (Microsoft.Data.Sqlite registers those with SQLite at every open and removes them at every close, about seven opens a
/// turn). That is safe only while no state query needs them: no decimal column, whose arithmetic EF sends to ef_* functions.
/// </summary>
public sealed class StateConnectionTests
{
    [Fact]
    public async Task The_hosts_state_database_connections_carry_none_of_efs_functions()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", HelpdeskBot.Connectors.Requester.Customer("CUS-0001"));
        Assert.Contains("ORD-100123", await session.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);
        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();

        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT ef_add(1, 2);";
        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteScalarAsync());

        Assert.Contains("no such function: ef_add", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_sqlite_options_builder_still_gets_efs_functions_so_the_test_above_can_fail()
    {
        var path = Path.Combine(Path.GetTempPath(), $"helpdeskbot-plain-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<DbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
            await using var db = new DbContext(options);
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT ef_add(1, 2);";

            Assert.Equal(3m, Convert.ToDecimal(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_state_model_has_no_decimal_column_whose_arithmetic_would_need_them()
    {
        using var host = new BotHost();
        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();

        var decimals = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (Entity: e.DisplayName(), Property: p.Name, Type: Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType)))
            .Where(p => p.Type == typeof(decimal))
            .Select(p => $"{p.Entity}.{p.Property}")
            .ToList();

        Assert.NotEmpty(db.Model.GetEntityTypes());
        Assert.Empty(decimals);
    }
}
