using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// A compiled query (<c>EF.CompileAsyncQuery</c>) per model of the state database. EF binds a compiled query to the model
/// it first ran with and refuses any other, and one process can hold both providers' models (the tests run SQLite and
/// PostgreSQL hosts side by side), so each model gets its own compilation, made once on first use.
/// </summary>
internal sealed class PerModelQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = new();

    public TQuery For(StateDbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
