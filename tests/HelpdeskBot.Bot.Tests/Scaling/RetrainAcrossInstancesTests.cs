using System.Net;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Bot.Tests.Database;
using HelpdeskBot.Classifier.Intents;
using Microsoft.Extensions.DependencyInjection;
using static HelpdeskBot.Bot.Tests.Admin.Inbox.InboxTestClient;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>
/// An intent model retrained and promoted from the inbox on instance A is the model instance B uses moments later,
/// loaded from the shared PostgreSQL database (<c>IntentModels</c>), not trained again on B: each instance has a model
/// cache of its own, as on separate machines; B reports A's run and refuses a second one while it runs; and a third
/// instance starting with an empty cache loads the model from the database too.
/// </summary>
public sealed class RetrainAcrossInstancesTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_model_promoted_on_A_is_loaded_by_B_from_the_database()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var caches = new List<string>();
        await using var instances = TwoInstances.Start(redis: null, host =>
        {
            // Each machine's own model cache, holding the shipped model (so neither trains at start) and nothing else.
            var cache = Path.Combine(Path.GetTempPath(), "helpdeskbot-tests", "models-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(cache);
            foreach (var file in Directory.GetFiles(BotHost.SharedModelDirectory, "intent-model-*.zip"))
            {
                File.Copy(file, Path.Combine(cache, Path.GetFileName(file)));
            }
            caches.Add(cache);
            host.With("AdminApi:Keys:0:Name", "alice")
                .With("AdminApi:Keys:0:Key", AdminKey)
                .With("AdminApi:Keys:0:Roles:0", "admin")
                .With("Classifier:ModelDirectory", cache)
                .With("Inbox:ModelSyncSeconds", "0.5");
        }, SharedDatabase.OnPostgres(connectionString));
        try
        {
            var onA = instances.A.Services.GetRequiredService<IntentClassifier>();
            var onB = instances.B.Services.GetRequiredService<IntentClassifier>();
            var shipped = onB.WarmUp();
            onA.WarmUp();

            using var admin = AdminClient(instances.A);
            // Utterances no other test adds: the model they make is in no cache (the other retraining test's is in the shared one).
            var ids = await SeedItemsAsync(instances.A, InboxReasons.OutOfScope, "en",
                "has the courier collected my package yet", "is my package already with the courier", "did a courier come for my package");
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, InboxEndpoints.Prefix + "/examples", new { intent = IntentNames.OrderStatus, itemIds = ids })).Status);
            using var started = await admin.PostAsync(new Uri(InboxEndpoints.Prefix + "/retrain", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            // B knows A's run (the runs are in the database): it refuses a second one meanwhile and reports this one.
            using var adminOnB = AdminClient(instances.B);
            var second = await PostAsync(adminOnB, InboxEndpoints.Prefix + "/retrain", null);
            Assert.Equal(HttpStatusCode.Conflict, second.Status);
            Assert.Equal("Retraining already running", second.Body.GetProperty("title").GetString());
            var done = await WaitForRetrainAsync(adminOnB, started.Headers.Location!.OriginalString);
            Assert.True(done.GetProperty("status").GetString() == "promoted", done.GetRawText());
            Assert.Equal(done.GetProperty("id").GetString(), (await GetAsync(adminOnB, InboxEndpoints.Prefix + "/retrain"))[0].GetProperty("id").GetString());
            var promoted = onA.Model!;

            // B follows within a few sync intervals, with A's model from the database.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (onB.Model == shipped)
            {
                Assert.True(DateTime.UtcNow < deadline, "B did not follow A's promotion within 60 s.");
                await Task.Delay(200);
            }
            var followed = onB.Model!;
            Assert.Equal(IntentModelSource.LoadedFromShared, followed.Source);
            Assert.Equal(Path.GetFileName(promoted.ModelPath), Path.GetFileName(followed.ModelPath));
            Assert.StartsWith(caches[1], followed.ModelPath, StringComparison.Ordinal);
            Assert.True(File.Exists(followed.ModelPath), "B did not keep the model in its own cache.");
            Assert.Equal(promoted.Calibration!.ConfidenceThreshold, followed.Calibration!.ConfidenceThreshold);
            // Both answer alike now: the same model.
            foreach (var text in (string[])["has the courier collected my package yet", "where is my order ORD-100123", "I forgot my password"])
            {
                Assert.Equal(onA.Classify(text).Intent, onB.Classify(text).Intent);
            }

            // A third instance starting on a machine with an empty model cache loads the promoted model from the
            // database at start instead of training it.
            var empty = Path.Combine(Path.GetTempPath(), "helpdeskbot-tests", "models-" + Guid.NewGuid().ToString("N"));
            caches.Add(empty);
            using var third = new BotHost().OnPostgres(connectionString).With("Classifier:ModelDirectory", empty);
            third.CreateClient().Dispose();
            var atStart = third.Services.GetRequiredService<IntentClassifier>().WarmUp();
            Assert.Equal(IntentModelSource.LoadedFromShared, atStart.Source);
            Assert.Equal(Path.GetFileName(promoted.ModelPath), Path.GetFileName(atStart.ModelPath));
        }
        finally
        {
            foreach (var cache in caches)
            {
                BotHost.TryDelete(cache);
            }
        }
    }
}
