using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Byline.IntegrationTests.Infrastructure;

/// <summary>Counts the SQL commands the app sends, to keep page renders to a handful of queries.</summary>
public sealed class QueryCounter : DbCommandInterceptor
{
    private int _count;

    /// <summary>
    /// Set for the duration of each HTTP request (see <c>LoopbackClientAddress</c>): only queries run while serving
    /// a request are counted, never a background job's (lease renewals, scheduled publishing, retention) that
    /// happens to run at the same moment — tests count what a request costs.
    /// </summary>
    internal static readonly AsyncLocal<bool> InRequest = new();

    public int Count => Volatile.Read(ref _count);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CountIfServingRequest();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        CountIfServingRequest();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        CountIfServingRequest();
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void CountIfServingRequest()
    {
        if (InRequest.Value)
        {
            Interlocked.Increment(ref _count);
        }
    }
}
