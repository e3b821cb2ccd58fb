import { useEffect } from 'react'
import { useStores } from '../../stores/stores-context'

/** Keeps the models store connected to main's download events and loaded while a screen shows. */
export function useModelsConnection(): void {
  const stores = useStores()
  useEffect(() => {
    const off = stores.models.getState().connect()
    void stores.models.getState().load()
    return off
  }, [stores])
}
