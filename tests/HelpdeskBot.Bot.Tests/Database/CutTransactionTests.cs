using System.Data.Common;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace HelpdeskBot.Bot.Tests.Database;

/// <summary>
/// A turn's transaction whose PostgreSQL session is ended by the server part-way (as <c>pg_ctl restart</c> ends every
/// session) is repeated on a fresh connection and stored once, wherever the cut is first noticed. The server really ends
/// the session (<c>pg_terminate_backend</c>, the same 57P01 a restart sends), at a chosen step of the transaction.
/// </summary>
public sealed class CutTransactionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public enum CutAt
    {
        /// <summary>After the rows are sent, inside EF's savepoint: the cut shows first at the release, then at the commit (the 500 seen on CI).</summary>
        ReleasingSavepoint,

        /// <summary>Just before COMMIT is sent.</summary>
        Committing,
    }

    [Theory]
    [InlineData(CutAt.ReleasingSavepoint)]
    [InlineData(CutAt.Committing)]
    public async Task A_transaction_whose_session_the_server_ends_is_retried_and_stored_once(CutAt at)
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var cut = new EndSessionOnce(connectionString, at);
        var builder = new DbContextOptionsBuilder<PostgresStateDbContext>();
        StateDatabase.UsePostgres(builder, connectionString);
        builder.AddInterceptors(cut);
        await using var db = new PostgresStateDbContext(builder.Options);
        await db.Database.MigrateAsync();
        cut.Armed = true; // not in the migrations' own transactions

        // The shape of TurnPipeline.SaveOnceAsync: an explicit transaction inside the strategy, changes accepted after it.
        var attempts = 0;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            attempts++;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var record = new ProcessedActivity { ChannelId = "directline", ConversationId = "c1", ActivityId = "a1", ProcessedUtc = DateTime.UtcNow };
            db.ProcessedActivities.Add(record);
            db.Transcript.Add(new TranscriptEntry { ChannelId = "directline", ConversationId = "c1", Direction = "user", Text = "hi", AtUtc = DateTime.UtcNow });
            try
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                await transaction.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }, CancellationToken.None);
        db.ChangeTracker.AcceptAllChanges();

        Assert.True(cut.Ended, "The server did not end the session: the test did not test anything.");
        await using var check = new PostgresStateDbContext(new DbContextOptionsBuilder<PostgresStateDbContext>().UseNpgsql(connectionString).Options);
        Assert.Equal(1, await check.ProcessedActivities.CountAsync());
        Assert.Equal(1, await check.Transcript.CountAsync());
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void Only_a_transient_server_error_behind_an_unusable_transaction_counts_as_a_cut()
    {
        var adminShutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");
        var uniqueViolation = new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505");

        Assert.True(PostgresRetryStrategy.IsCutTransaction(new ObjectDisposedException("NpgsqlTransaction", adminShutdown)));
        Assert.True(PostgresRetryStrategy.IsCutTransaction(new InvalidOperationException("broken", adminShutdown)));
        Assert.False(PostgresRetryStrategy.IsCutTransaction(new ObjectDisposedException("NpgsqlTransaction", uniqueViolation)));
        Assert.False(PostgresRetryStrategy.IsCutTransaction(new ObjectDisposedException("NpgsqlTransaction")));
        Assert.False(PostgresRetryStrategy.IsCutTransaction(new ArgumentException("x", adminShutdown)));
        Assert.False(PostgresRetryStrategy.IsCutTransaction(null));
    }

    /// <summary>Asks the server to end the transaction's session (from a second connection) the first time the transaction reaches <see cref="CutAt"/>.</summary>
    private sealed class EndSessionOnce(string connectionString, CutAt at) : DbTransactionInterceptor
    {
        public bool Armed { get; set; }

        public bool Ended { get; private set; }

        public override async ValueTask<InterceptionResult> ReleasingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (at == CutAt.ReleasingSavepoint)
            {
                await EndAsync(transaction, cancellationToken);
            }
            return result;
        }

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (at == CutAt.Committing)
            {
                await EndAsync(transaction, cancellationToken);
            }
            return result;
        }

        private async Task EndAsync(DbTransaction transaction, CancellationToken cancellationToken)
        {
            if (!Armed || Ended)
            {
                return;
            }
            Ended = true;
            var pid = ((NpgsqlConnection)transaction.Connection!).ProcessID;
            await using var admin = new NpgsqlConnection(connectionString + ";Pooling=false");
            await admin.OpenAsync(cancellationToken);
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 5000)", admin);
            terminate.Parameters.AddWithValue("pid", pid);
            Assert.Equal(true, await terminate.ExecuteScalarAsync(cancellationToken));
        }
    }
}
